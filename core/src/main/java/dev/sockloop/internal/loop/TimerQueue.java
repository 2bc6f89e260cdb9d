package dev.sockloop.internal.loop;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The timers of one loop, ordered by deadline. Loop thread only, except {@link ScheduledTask#cancel()}:
 * the loop turns the nearest deadline into its {@code epoll_wait} timeout, so timers need no fd and no
 * extra thread.
 *
 * <p>An indexed binary heap: each task knows its position, so a cancelled task leaves the heap at
 * once, in O(log n). Dropping cancelled tasks only when they reach the head would keep every closed
 * connection of a server with an idle timeout reachable until its timer would have fired, as long
 * as one earlier connection stays open.
 */
final class TimerQueue {

	private static final int INITIAL_CAPACITY = 64;

	private final BooleanSupplier onLoopThread;

	private final Executor loop;

	private ScheduledTask[] heap = new ScheduledTask[INITIAL_CAPACITY];

	private int size;

	private long nextSequence;

	/**
	 * @param onLoopThread whether the caller runs on the loop thread
	 * @param loop runs a task on the loop thread, for cancels from other threads
	 */
	TimerQueue(BooleanSupplier onLoopThread, Executor loop) {
		this.onLoopThread = onLoopThread;
		this.loop = loop;
	}

	ScheduledTask schedule(long deadlineNanos, Runnable task) {
		ScheduledTask scheduled = new ScheduledTask(this, deadlineNanos, this.nextSequence++, task);
		if (this.size == this.heap.length) {
			this.heap = Arrays.copyOf(this.heap, this.heap.length * 2);
		}
		int index = this.size++;
		this.heap[index] = scheduled;
		scheduled.heapIndex = index;
		siftUp(index);
		return scheduled;
	}

	/**
	 * Milliseconds until the nearest deadline, rounded up so the loop never wakes early and spins.
	 * @return -1 when no timer is pending
	 */
	int millisUntilNext(long nowNanos) {
		if (this.size == 0) {
			return -1;
		}
		long nanos = this.heap[0].deadlineNanos - nowNanos;
		if (nanos <= 0) {
			return 0;
		}
		return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
	}

	/**
	 * Runs every task whose deadline has passed. A task may schedule or cancel others.
	 * @return how many ran
	 */
	int runDue(long nowNanos, TaskRunner runner) {
		int ran = 0;
		while (this.size > 0 && this.heap[0].deadlineNanos - nowNanos <= 0) {
			ScheduledTask next = this.heap[0];
			removeAt(0);
			if (!next.cancelled) {
				runner.run(next.task);
				ran++;
			}
		}
		return ran;
	}

	/**
	 * Timers scheduled and not yet run or removed.
	 * @return the number of tasks in the heap
	 */
	int size() {
		return this.size;
	}

	boolean isEmpty() {
		return this.size == 0;
	}

	/** Drops every task; none of them will run. */
	void clear() {
		for (int i = 0; i < this.size; i++) {
			this.heap[i].heapIndex = -1;
		}
		this.heap = new ScheduledTask[INITIAL_CAPACITY];
		this.size = 0;
	}

	/** Called by {@link ScheduledTask#cancel()}, on any thread. */
	void cancelled(ScheduledTask task) {
		if (this.onLoopThread.getAsBoolean()) {
			remove(task);
		}
		else {
			this.loop.execute(() -> remove(task));
		}
	}

	private void remove(ScheduledTask task) {
		int index = task.heapIndex;
		// -1: it ran, was cancelled before, or the queue was cleared.
		if (index >= 0 && index < this.size && this.heap[index] == task) {
			removeAt(index);
		}
	}

	private void removeAt(int index) {
		ScheduledTask removed = this.heap[index];
		removed.heapIndex = -1;
		int last = --this.size;
		ScheduledTask moved = this.heap[last];
		this.heap[last] = null;
		if (index != last) {
			this.heap[index] = moved;
			moved.heapIndex = index;
			siftDown(index);
			if (this.heap[index] == moved) {
				siftUp(index);
			}
		}
		// Give back the array a burst of connections grew, once most of it is empty.
		if (this.heap.length > INITIAL_CAPACITY && this.size < this.heap.length / 4) {
			this.heap = Arrays.copyOf(this.heap, this.heap.length / 2);
		}
	}

	private void siftUp(int index) {
		ScheduledTask task = this.heap[index];
		while (index > 0) {
			int parent = (index - 1) >>> 1;
			ScheduledTask above = this.heap[parent];
			if (!task.isBefore(above)) {
				break;
			}
			this.heap[index] = above;
			above.heapIndex = index;
			index = parent;
		}
		this.heap[index] = task;
		task.heapIndex = index;
	}

	private void siftDown(int index) {
		ScheduledTask task = this.heap[index];
		int half = this.size >>> 1;
		while (index < half) {
			int child = 2 * index + 1;
			int right = child + 1;
			if (right < this.size && this.heap[right].isBefore(this.heap[child])) {
				child = right;
			}
			ScheduledTask below = this.heap[child];
			if (!below.isBefore(task)) {
				break;
			}
			this.heap[index] = below;
			below.heapIndex = index;
			index = child;
		}
		this.heap[index] = task;
		task.heapIndex = index;
	}

	/** Runs a task so that a failure is contained. */
	@FunctionalInterface
	interface TaskRunner {

		void run(Runnable task);

	}

}
