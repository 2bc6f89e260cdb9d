package dev.sockloop.internal.loop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Running a task on a loop from another thread and waiting for it: how a server starts its
 * listeners on their loops and reaches its connections when it stops.
 */
public final class LoopFutures {

	private LoopFutures() {
	}

	/**
	 * Runs a task on a loop: at once when called on it, as a queued task otherwise.
	 * @param loop the loop
	 * @param task the task
	 * @return completed when the task has run (exceptionally if it threw), or at once if the loop has
	 * ended
	 */
	public static CompletableFuture<Void> onLoop(EventLoop loop, Runnable task) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		Runnable wrapped = () -> {
			try {
				task.run();
				future.complete(null);
			}
			catch (Throwable ex) {
				future.completeExceptionally(ex);
			}
		};
		if (loop.inLoop()) {
			wrapped.run();
		}
		else if (loop.isAlive()) {
			loop.execute(wrapped);
		}
		else {
			future.complete(null);
		}
		return future;
	}

	/**
	 * Waits for a task, rethrowing what it threw.
	 * @param future the task's future
	 * @param timeout how long to wait
	 * @throws IllegalStateException if the loop does not answer in time, or the caller is interrupted
	 */
	public static void await(CompletableFuture<Void> future, Duration timeout) {
		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Event loop did not respond within " + timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Waits up to {@code timeout} for tasks of a stop or a failed start, even when the calling thread
	 * is interrupted: cleanup that gave up on an interrupt would leave sockets open and loops running.
	 * The interrupt is kept for the caller. A task that does not finish in time stays queued and still
	 * runs on its loop.
	 * @param tasks the tasks' futures
	 * @param timeout how long to wait for them all
	 * @param failed told of a task that threw
	 * @param late told of each task still running at the deadline
	 */
	public static void awaitCleanup(List<CompletableFuture<Void>> tasks, Duration timeout,
			Consumer<Throwable> failed, Runnable late) {
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean interrupted = false;
		try {
			for (CompletableFuture<Void> task : tasks) {
				while (true) {
					try {
						task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
						break;
					}
					catch (InterruptedException ex) {
						interrupted = true;
					}
					catch (ExecutionException ex) {
						failed.accept(ex.getCause());
						break;
					}
					catch (TimeoutException ex) {
						late.run();
						break;
					}
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
