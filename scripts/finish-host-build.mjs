// Marks the built CLI executable so `safedisk` works through npm's bin link.
import { chmodSync } from 'node:fs';

chmodSync('build/native-host/main.js', 0o755);
