package dev.sockloop.internal.tls;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

import dev.sockloop.internal.connection.OutboundDemand;
import dev.sockloop.internal.connection.SendMono;

/**
 * How the handler's {@code send()} works on a TLS connection (a {@link SendMono}): each
 * subscription consumes the publisher into a queue that the TLS drain encrypts from, and completes
 * once everything has been encrypted and passed on to the real connection. What it asks for is sized in bytes by an
 * {@link OutboundDemand}, under the room the record queue has left: a peer that never reads costs
 * about the record queue limit plus one of the handler's buffers, not a count of buffers of any size.
 */
final class ApplicationSend {

	/** Sends queue their buffers for the drain, from whatever thread their publisher signals on. */
	static final SendMono.Sending<TlsConnection, Sender> SENDING = new SendMono.Sending<>() {

		@Override
		public Sender sender(TlsConnection connection, CoreSubscriber<? super Void> actual) {
			return new Sender(connection, actual);
		}

		@Override
		public void start(TlsConnection connection, Sender sender, Publisher<ByteBuffer> source) {
			connection.sendStarted(sender);
			source.subscribe(sender);
		}

	};

	private ApplicationSend() {
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

		/**
		 * Buffers asked for and not yet encrypted, sized in bytes. Set up in {@link #onSubscribe}
		 * before {@link #upstream} is published, then confined to the drain.
		 */
		private final OutboundDemand demand = new OutboundDemand();

		/** Drain: set once the send has been completed, failed or cancelled. */
		private boolean finished;

		Sender(TlsConnection connection, CoreSubscriber<? super Void> actual) {
			this.connection = connection;
			this.actual = actual;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				long first = this.demand.first();
				this.upstream = subscription;
				if (this.cancelled) {
					subscription.cancel();
				}
				else {
					subscription.request(first);
				}
			}
		}

		@Override
		public void onNext(ByteBuffer buffer) {
			// A view, so that the caller's position is left alone as Connection.send promises; a
			// slice, so that its limit still tells its size once encrypted.
			this.buffers.offer(buffer.slice());
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
			this.demand.taken(this.buffers.poll().limit());
		}

		/**
		 * Drain: asks the publisher for as many buffers as {@code room} holds, if it is owed any.
		 * Called whenever the drain has encrypted or the record queue has drained, so that a send
		 * that stopped asking above the limit resumes below it.
		 * @param room bytes the record queue has left below its limit
		 */
		void requestMore(long room) {
			Subscription subscription = this.upstream;
			if (subscription == null || this.upstreamDone || this.cancelled || this.finished) {
				return;
			}
			long n = this.demand.more(room);
			if (n > 0) {
				subscription.request(n);
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
