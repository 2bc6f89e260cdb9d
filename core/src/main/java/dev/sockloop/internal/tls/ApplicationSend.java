package dev.sockloop.internal.tls;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * What the handler's {@code send()} returns on a TLS connection: each subscription consumes the
 * publisher with a bounded prefetch into a queue that the TLS drain encrypts from, and completes
 * once everything has been encrypted and passed on to the real connection.
 */
final class ApplicationSend extends Mono<Void> {

	/** Buffers requested at a time; replenished when half have been encrypted. */
	static final int PREFETCH = 16;

	private final TlsConnection connection;

	private final Publisher<ByteBuffer> source;

	ApplicationSend(TlsConnection connection, Publisher<ByteBuffer> source) {
		this.connection = connection;
		this.source = source;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Void> actual) {
		Sender sender = new Sender(this.connection, actual);
		actual.onSubscribe(sender);
		this.connection.sendStarted(sender);
		this.source.subscribe(sender);
	}

	/**
	 * One subscription to a send's publisher. Signals from the publisher may arrive on any thread:
	 * they are queued and signal the drain, which encrypts and completes.
	 */
	static final class Sender implements CoreSubscriber<ByteBuffer>, Subscription {

		private final TlsConnection connection;

		private final CoreSubscriber<? super Void> actual;

		private final Queue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();

		private volatile Subscription upstream;

		private volatile boolean upstreamDone;

		private volatile Throwable upstreamFailure;

		private volatile boolean cancelled;

		/** Drain: buffers taken from the queue since the last request. */
		private int consumed;

		/** Drain: set once the send has been completed, failed or cancelled. */
		private boolean finished;

		Sender(TlsConnection connection, CoreSubscriber<? super Void> actual) {
			this.connection = connection;
			this.actual = actual;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				if (this.cancelled) {
					subscription.cancel();
				}
				else {
					subscription.request(PREFETCH);
				}
			}
		}

		@Override
		public void onNext(ByteBuffer buffer) {
			// A view, so that the caller's position is left alone as Connection.send promises.
			this.buffers.offer(buffer.duplicate());
			this.connection.signal();
		}

		@Override
		public void onError(Throwable failure) {
			this.upstreamFailure = failure;
			this.upstreamDone = true;
			this.connection.signal();
		}

		@Override
		public void onComplete() {
			this.upstreamDone = true;
			this.connection.signal();
		}

		@Override
		public void request(long n) {
			// A Mono<Void> emits no values: demand is irrelevant.
		}

		@Override
		public void cancel() {
			this.cancelled = true;
			Subscription subscription = this.upstream;
			if (subscription != null) {
				subscription.cancel();
			}
			this.connection.signal();
		}

		/** Drain: the buffer to encrypt next, or {@code null}. */
		ByteBuffer peek() {
			return this.finished ? null : this.buffers.peek();
		}

		/** Drain: the head buffer has been encrypted entirely. */
		void consumedHead() {
			this.buffers.poll();
			if (++this.consumed >= PREFETCH / 2 && !this.upstreamDone) {
				int n = this.consumed;
				this.consumed = 0;
				this.upstream.request(n);
			}
		}

		/** Drain: whether this send has buffers waiting or may still produce some. */
		boolean isActive() {
			return !this.finished;
		}

		/**
		 * Drain: completes or fails the send if its publisher has ended and everything it
		 * produced has been encrypted, or drops it if cancelled.
		 * @return {@code true} if the send is finished
		 */
		boolean finishIfDone() {
			if (this.finished) {
				return true;
			}
			if (this.cancelled) {
				this.finished = true;
				return true;
			}
			if (this.upstreamDone && this.buffers.isEmpty()) {
				this.finished = true;
				Throwable failure = this.upstreamFailure;
				if (failure != null) {
					this.actual.onError(failure);
				}
				else {
					this.actual.onComplete();
				}
				return true;
			}
			return false;
		}

		/** Drain: the connection can no longer send. */
		void fail(Throwable failure) {
			if (this.finished) {
				return;
			}
			this.finished = true;
			this.buffers.clear();
			Subscription subscription = this.upstream;
			if (subscription != null) {
				subscription.cancel();
			}
			if (!this.cancelled) {
				this.actual.onError(failure);
			}
		}

	}

}
