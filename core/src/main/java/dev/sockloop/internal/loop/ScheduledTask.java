package dev.sockloop.internal.loop;

/**
 * A task due at a point in time on one loop. Cancelling releases the task at once, so that whatever
 * it refers to (a connection, its decoder's partial frame) is not kept until its deadline.
 */
public final class ScheduledTask {

	final long deadlineNanos;

	/** Orders tasks with the same deadline by scheduling order. */
	final long sequence;

	final Runnable task;

	private final TimerQueue queue;

	/** Position in the queue's heap, or -1 once the task has run, been cancelled or been dropped. */
	int heapIndex = -1;

	/** Volatile for a cancel from another thread, which the loop sees before it removes the task. */
	volatile boolean cancelled;

	ScheduledTask(TimerQueue queue, long deadlineNanos, long sequence, Runnable task) {
		this.queue = queue;
		this.deadlineNanos = deadlineNanos;
		this.sequence = sequence;
		this.task = task;
	}

	/**
	 * Prevents the task from running if it has not run yet, and releases it. On the loop thread the
	 * task leaves the loop's timer queue at once; from another thread the removal is handed to the
	 * loop, and the task will not run even if its deadline passes meanwhile.
	 */
	public void cancel() {
		this.cancelled = true;
		this.queue.cancelled(this);
	}

	boolean isBefore(ScheduledTask other) {
		long difference = this.deadlineNanos - other.deadlineNanos;
		return (difference != 0) ? difference < 0 : this.sequence < other.sequence;
	}

}
