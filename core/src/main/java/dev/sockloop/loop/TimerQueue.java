package dev.sockloop.loop;

import java.util.PriorityQueue;

/**
 * The timers of one loop, ordered by deadline. Loop thread only: the loop turns the nearest
 * deadline into its {@code epoll_wait} timeout, so timers need no fd and no extra thread.
 */
final class TimerQueue {

	private final PriorityQueue<ScheduledTask> queue = new PriorityQueue<>();

	ScheduledTask schedule(long deadlineNanos, Runnable task) {
		ScheduledTask scheduled = new ScheduledTask(deadlineNanos, task);
		this.queue.add(scheduled);
		return scheduled;
	}

	/**
	 * Milliseconds until the nearest deadline, rounded up so the loop never wakes early and spins.
	 * @return -1 when no timer is pending
	 */
	int millisUntilNext(long nowNanos) {
		ScheduledTask next = this.queue.peek();
		while (next != null && next.cancelled) {
			this.queue.poll();
			next = this.queue.peek();
		}
		if (next == null) {
			return -1;
		}
		long nanos = next.deadlineNanos - nowNanos;
		if (nanos <= 0) {
			return 0;
		}
		return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
	}

	/**
	 * Runs every task whose deadline has passed.
	 * @return how many ran
	 */
	int runDue(long nowNanos, TaskRunner runner) {
		int ran = 0;
		ScheduledTask next;
		while ((next = this.queue.peek()) != null && next.deadlineNanos - nowNanos <= 0) {
			this.queue.poll();
			if (!next.cancelled) {
				runner.run(next.task);
				ran++;
			}
		}
		return ran;
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	void clear() {
		this.queue.clear();
	}

	/** Runs a task so that a failure is contained. */
	@FunctionalInterface
	interface TaskRunner {

		void run(Runnable task);

	}

}
