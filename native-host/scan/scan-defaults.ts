// Every bound of the browser storage scan on what it reads from browser files.
//
// Why these values:
// - "Local State" of a browser with dozens of profiles and years of settings stays under 1 MiB;
//   16 MiB leaves room for any real one while a hostile or damaged file never fills memory.
// - A QuotaManager database holds one row per storage bucket, about 100 bytes each: 64 MiB is far
//   beyond any real profile. The database, its journal and SQLite's copy are each held once, so a
//   read costs at most a few times the cap.
// - The LevelDB files of "File System/Origins" and a CacheStorage index.txt list a few origins.
// - A simple-cache entry is read only for its header and key (24 bytes, key up to 4 KiB).
// - Reads go in slices so that a cancel is seen between two of them.
export const SCAN_DEFAULTS = {
	localStateBytes: 16 * 1024 * 1024,
	quotaDatabaseBytes: 64 * 1024 * 1024,
	fileSystemOriginsFileBytes: 4 * 1024 * 1024,
	cacheStorageIndexBytes: 1024 * 1024,
	cacheEntryHeadBytes: 24 + 4096,
	readSliceBytes: 1024 * 1024,
	// Problem paths a scan keeps for its report; the counts are always complete.
	maxProblems: 32,
} as const;
