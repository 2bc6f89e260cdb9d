package dev.sockloop.internal.loop;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import reactor.core.CoreSubscriber;

/**
 * A subscriber whose signals are processed on one event loop, one at a time and in order: a signal
 * that arrives on the loop with nothing handed off before it is processed in place (the common
 * case: a handler publishing on its loop costs no queue and no task); one from another thread (an
 * offloaded handler) is queued and drained by a single loop task.
 *
 * <p>Subclasses deliver values through {@link #handOff} from their {@code onNext} and process
 * every signal in {@link #nextOnLoop}, {@link #completeOnLoop} and {@link #failOnLoop}, on the loop.
 * @param <T> the value type
 */
public abstract class LoopSubscriber<T> implements CoreSubscriber<T> {

	private static final Object COMPLETE = new Object();

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<LoopSubscriber> WIP =
			AtomicIntegerFieldUpdater.newUpdater(LoopSubscriber.class, "wip");

	private volatile int wip;

	/** Created on the first signal from another thread: most subscribers never need one. */
	private Queue<Object> handoff;

	/** @return the loop that processes this subscriber's signals */
	protected abstract EventLoop loop();

	/**
	 * A value, on the loop.
	 * @param value the value
	 */
	protected abstract void nextOnLoop(T value);

	/** Completion, on the loop. */
	protected abstract void completeOnLoop();

	/**
	 * Failure, on the loop.
	 * @param failure the publisher's error
	 */
	protected abstract void failOnLoop(Throwable failure);

	/**
	 * Hands a value to the loop.
	 * @param value the value
	 */
	protected final void handOff(T value) {
		signal(value);
	}

	@Override
	public final void onError(Throwable failure) {
		signal(new Failure(failure));
	}

	@Override
	public final void onComplete() {
		signal(COMPLETE);
	}

	/** Loop thread: drops signals handed off and not yet processed (the subscriber is done). */
	protected final void clearHandoff() {
		Queue<Object> handedOff = this.handoff;
		if (handedOff != null) {
			handedOff.clear();
		}
	}

	private void signal(Object signal) {
		EventLoop loop = loop();
		if (this.wip == 0 && loop.inLoop()) {
			process(signal);
			return;
		}
		synchronized (this) {
			if (this.handoff == null) {
				this.handoff = new ConcurrentLinkedQueue<>();
			}
		}
		this.handoff.offer(signal);
		if (WIP.getAndIncrement(this) == 0) {
			loop.execute(this::drainHandoff);
		}
	}

	private void drainHandoff() {
		int missed = 1;
		do {
			Object signal;
			while ((signal = this.handoff.poll()) != null) {
				process(signal);
			}
			missed = WIP.addAndGet(this, -missed);
		}
		while (missed != 0);
	}

	@SuppressWarnings("unchecked")
	private void process(Object signal) {
		if (signal == COMPLETE) {
			completeOnLoop();
		}
		else if (signal instanceof Failure failure) {
			failOnLoop(failure.failure);
		}
		else {
			nextOnLoop((T) signal);
		}
	}

	private record Failure(Throwable failure) {
	}

}
