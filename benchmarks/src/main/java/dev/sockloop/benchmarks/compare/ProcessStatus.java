package dev.sockloop.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads another process's resident memory and open files from {@code /proc}.
 */
final class ProcessStatus {

	private static final int USER_HZ = 100;

	/** Index of {@code utime} (field 14 of proc(5)) among the fields after the command name. */
	private static final int UTIME_AFTER_COMM = 11;

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
	 * CPU time the process has used so far, all its threads, user and system ({@code utime + stime}
	 * in {@code /proc/<pid>/stat}, in clock ticks of 10 ms: Linux exports them at USER_HZ = 100).
	 * @param pid the process
	 * @return seconds
	 * @throws IOException if the process is gone
	 */
	static double cpuSeconds(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		// The command name may hold spaces and parentheses; the fields that follow it cannot.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
		long ticks = Long.parseLong(fields[UTIME_AFTER_COMM]) + Long.parseLong(fields[UTIME_AFTER_COMM + 1]);
		return ticks / (double) USER_HZ;
	}

	/**
	 * One CPU's time counters from {@code /proc/stat} (the {@code cpuN} line), in seconds:
	 * {@code user, nice, system, idle, iowait, irq, softirq, steal}.
	 * @param cpu the CPU
	 * @return the counters, or {@code null} if the line is missing or unreadable
	 */
	static double[] cpuTimes(int cpu) {
		try {
			String prefix = "cpu" + cpu + " ";
			for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
				if (line.startsWith(prefix)) {
					String[] words = line.substring(prefix.length()).trim().split("\\s+");
					double[] times = new double[8];
					for (int i = 0; i < times.length && i < words.length; i++) {
						times[i] = Long.parseLong(words[i]) / (double) USER_HZ;
					}
					return times;
				}
			}
			return null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** Index of {@code softirq} in {@link #cpuTimes}. */
	static final int SOFTIRQ = 6;

	/** Index of {@code idle} in {@link #cpuTimes}; {@code iowait} follows it. */
	static final int IDLE = 3;

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
