package dev.sockloop.internal.tls;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Operators;

/**
 * The TLS records of one connection on their way to the socket: the one long-lived publisher
 * handed to the real connection's {@code send}, fed by the TLS drain and emitted as the connection
 * asks for them.
 *
 * <p>{@code request} and {@code cancel} may come from any thread and only signal the drain; the
 * queue is touched by the drain alone.
 */
final class NetworkRecords implements Publisher<ByteBuffer>, Subscription {

	private final Runnable signal;

	private static final AtomicLongFieldUpdater<NetworkRecords> DEMAND =
			AtomicLongFieldUpdater.newUpdater(NetworkRecords.class, "demand");

	private volatile long demand;

	private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();

	private volatile Subscriber<? super ByteBuffer> subscriber;

	private volatile boolean cancelled;

	private long queuedBytes;

	private boolean terminated;

	NetworkRecords(Runnable signal) {
		this.signal = signal;
	}

	@Override
	public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
		if (this.subscriber != null) {
			Operators.error(subscriber, new IllegalStateException("TLS records allow only one subscriber"));
			return;
		}
		this.subscriber = subscriber;
		subscriber.onSubscribe(this);
	}

	@Override
	public void request(long n) {
		if (Operators.validate(n)) {
			Operators.addCap(DEMAND, this, n);
			this.signal.run();
		}
	}

	@Override
	public void cancel() {
		this.cancelled = true;
		this.signal.run();
	}

	boolean isCancelled() {
		return this.cancelled;
	}

	/** Drain: queues one record. */
	void offer(ByteBuffer record) {
		this.queue.add(record);
		this.queuedBytes += record.remaining();
	}

	/** Drain: bytes queued and not yet passed to the connection. */
	long queuedBytes() {
		return this.queuedBytes;
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	boolean isTerminated() {
		return this.terminated;
	}

	/**
	 * Drain: passes queued records to the connection as far as it has asked for them.
	 * @return whether any record was passed on
	 */
	boolean emit() {
		Subscriber<? super ByteBuffer> s = this.subscriber;
		if (s == null || this.terminated || this.cancelled) {
			return false;
		}
		boolean emitted = false;
		while (!this.queue.isEmpty() && this.demand > 0) {
			ByteBuffer record = this.queue.poll();
			this.queuedBytes -= record.remaining();
			Operators.produced(DEMAND, this, 1);
			s.onNext(record);
			emitted = true;
		}
		return emitted;
	}

	/** Drain: no more records; the connection closes once the queued ones are written. */
	void complete() {
		Subscriber<? super ByteBuffer> s = this.subscriber;
		if (s != null && !this.terminated && this.queue.isEmpty()) {
			this.terminated = true;
			if (!this.cancelled) {
				s.onComplete();
			}
		}
	}

	/**
	 * Drain: the TLS layer is closing the connection for a reason of its own (a handshake timeout,
	 * a refused renegotiation): drops what is queued and completes, so that the connection's send
	 * ends quietly instead of failing as if the handler had.
	 */
	void abandon() {
		this.queue.clear();
		this.queuedBytes = 0;
		complete();
	}

	/** Drain: the handler failed; the connection closes at once and counts the failure. */
	void fail(Throwable failure) {
		Subscriber<? super ByteBuffer> s = this.subscriber;
		if (s != null && !this.terminated) {
			this.terminated = true;
			this.queue.clear();
			this.queuedBytes = 0;
			if (!this.cancelled) {
				s.onError(failure);
			}
		}
	}

}
