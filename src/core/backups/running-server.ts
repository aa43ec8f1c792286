import fs from 'node:fs';
import path from 'node:path';

/** A server writes its process id here while it serves DATA_DIR, so a restore can refuse to swap the database under it. */
const PID_FILE = 'passerelle-server.pid';

/** Records that this process serves the data directory; the returned function clears it at shutdown. */
export function markServerRunning(dataDir: string): () => void {
  const file = path.join(dataDir, PID_FILE);
  fs.writeFileSync(file, `${process.pid}\n`);
  return () => {
    // Only our own mark: another server may have started on the same directory since.
    if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
  };
}

/**
 * The process id of a server still serving the directory, or null. A mark
 * left by a server killed without shutting down names a process that no
 * longer exists, and is ignored.
 */
export function runningServer(dataDir: string): number | null {
  const pid = readPid(path.join(dataDir, PID_FILE));
  if (pid === null || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (a service account): still a server.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
