package dev.sockloop.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads another process's resident memory and open files from {@code /proc}.
 */
final class ProcessStatus {

	private ProcessStatus() {
	}

	/**
	 * Resident set size ({@code VmRSS} in {@code /proc/<pid>/status}).
	 * @param pid the process
	 * @return bytes
	 * @throws IOException if the process is gone
	 */
	static long residentBytes(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				String[] words = line.substring(6).trim().split("\\s+");
				return Long.parseLong(words[0]) * 1024;
			}
		}
		throw new IOException("No VmRSS for process " + pid);
	}

	/**
	 * Open file descriptors ({@code /proc/<pid>/fd}).
	 * @param pid the process
	 * @return the count
	 * @throws IOException if the process is gone
	 */
	static int openFiles(long pid) throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
			return (int) fds.count();
		}
	}

	/**
	 * The machine's one-minute load average ({@code /proc/loadavg}): recorded with every run, because
	 * on a two-CPU machine anything else running shows up directly in the figures.
	 * @return the load average, or NaN if unreadable
	 */
	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

}
