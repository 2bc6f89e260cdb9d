package dev.sockloop.loop;

/**
 * A task due at a point in time on one loop. Cancel from the loop thread only.
 */
public final class ScheduledTask implements Comparable<ScheduledTask> {

	final long deadlineNanos;

	final Runnable task;

	boolean cancelled;

	ScheduledTask(long deadlineNanos, Runnable task) {
		this.deadlineNanos = deadlineNanos;
		this.task = task;
	}

	/**
	 * Prevents the task from running if it has not run yet. Loop thread only.
	 */
	public void cancel() {
		this.cancelled = true;
	}

	@Override
	public int compareTo(ScheduledTask other) {
		return Long.compare(this.deadlineNanos, other.deadlineNanos);
	}

}
