package dev.sockloop.benchmarks.load;

import java.util.concurrent.TimeUnit;

/**
 * Tells whoever reads a generator's output when its measured window opens and closes: a line
 * {@value #OPENED} and a line {@value #CLOSED}, printed at those instants. {@code compare} reads the
 * server's CPU time on each line, so that CPU per message covers exactly the measured window.
 */
public final class MeasurementWindow {

	/** Printed when measuring starts (warm-up over). */
	public static final String OPENED = "measuring";

	/** Printed when measuring ends, before connections are closed. */
	public static final String CLOSED = "measured";

	private MeasurementWindow() {
	}

	/**
	 * Prints the two lines at the given {@link System#nanoTime()} instants from a daemon thread, so
	 * that the generator's own threads never stop to print.
	 * @param fromNanos when measuring starts
	 * @param untilNanos when it ends
	 */
	static void announce(long fromNanos, long untilNanos) {
		Thread announcer = new Thread(() -> {
			try {
				sleepUntil(fromNanos);
				System.out.println(OPENED);
				sleepUntil(untilNanos);
				System.out.println(CLOSED);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "measurement-window");
		announcer.setDaemon(true);
		announcer.start();
	}

	private static void sleepUntil(long nanos) throws InterruptedException {
		long left;
		while ((left = nanos - System.nanoTime()) > 0) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
	}

}
