// Runs at most `concurrency` of the given tasks at once: thousands of locks must not open
// thousands of descriptors together (EMFILE) or flood the thread pool.
export function taskLimit(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
	let active = 0;
	const waiting: Array<() => void> = [];
	const release = (): void => {
		active -= 1;
		waiting.shift()?.();
	};
	return async <T>(task: () => Promise<T>): Promise<T> => {
		if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
		active += 1;
		try {
			return await task();
		} finally {
			release();
		}
	};
}
