package dev.sockloop.internal.connection;

import java.nio.ByteBuffer;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

import dev.sockloop.connection.ClosedConnectionException;
import dev.sockloop.connection.Connection;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.LoopBuffers;
import dev.sockloop.internal.loop.LoopSubscriber;

/**
 * Consumes one {@link Connection#send} publisher into the connection's write queue, asking for no
 * more buffers than fit under the write high-water mark, as {@link OutboundDemand} sizes it. Above
 * the mark it stops requesting; the connection resumes it below the low-water mark. A client that does not read
 * therefore costs about the high-water mark plus one buffer.
 *
 * <p>Signals arriving on the loop thread are processed at once; signals from other threads are
 * queued and drained on the loop in order.
 */
final class OutboundSubscriber extends LoopSubscriber<ByteBuffer> implements Subscription {

	private final LoopConnection connection;

	private final CoreSubscriber<? super Void> actual;

	private volatile Subscription upstream;

	private volatile boolean cancelled;

	private final OutboundDemand demand = new OutboundDemand();

	private boolean paused;

	private boolean done;

	private long completionMark = -1;

	/**
	 * Set when this sender subscribes directly to its own connection's inbound: the buffers are the
	 * engine's, nobody else holds them, so they are queued as they are (a lent read buffer is
	 * recognised by identity when it leaves the write queue).
	 */
	private boolean trusted;

	OutboundSubscriber(LoopConnection connection, CoreSubscriber<? super Void> actual) {
		this.connection = connection;
		this.actual = actual;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		if (Operators.validate(this.upstream, subscription)) {
			this.upstream = subscription;
			if (this.cancelled) {
				cancelUpstream();
				return;
			}
			subscription.request(this.demand.first());
		}
	}

	@Override
	public void onNext(ByteBuffer buffer) {
		// A view of its own: the application may reuse the buffer as soon as it has emitted it, and
		// the write queue trusts position and limit to stay as counted (an emptied buffer made
		// flush() spin on the loop).
		handOff(this.trusted ? buffer : buffer.duplicate());
	}

	/** Whether this sender writes to {@code connection}. */
	boolean sendsOn(LoopConnection connection) {
		return this.connection == connection;
	}

	/** Loop thread, from the connection's inbound before its first signal: see {@link #trusted}. */
	void trustBuffers() {
		this.trusted = true;
	}

	@Override
	protected EventLoop loop() {
		return this.connection.loop();
	}

	@Override
	protected void nextOnLoop(ByteBuffer buffer) {
		if (this.done) {
			dropped(buffer);
			return;
		}
		this.demand.taken(buffer.remaining());
		if (!this.connection.isOpen()) {
			dropped(buffer);
			finish(new ClosedConnectionException());
			return;
		}
		if (buffer.hasRemaining()) {
			this.connection.enqueue(buffer);
		}
		requestMore();
	}

	@Override
	protected void completeOnLoop() {
		if (this.done) {
			return;
		}
		this.done = true;
		this.completionMark = this.connection.bytesEnqueued();
		this.connection.awaitFlush(this);
	}

	@Override
	protected void failOnLoop(Throwable failure) {
		if (this.done) {
			return;
		}
		this.done = true;
		this.connection.outboundEnded(this);
		this.actual.onError(failure);
	}

	private void requestMore() {
		if (this.done || this.cancelled) {
			return;
		}
		long room = this.connection.writeHighWaterMark() + readAhead() - this.connection.queuedBytes();
		if (room <= 0) {
			if (!this.paused) {
				this.paused = true;
				this.connection.pausedAboveHighWaterMark(this);
			}
			return;
		}
		long n = this.demand.more(room);
		if (n > 0) {
			Subscription subscription = this.upstream;
			if (subscription != null) {
				subscription.request(n);
			}
		}
	}

	/**
	 * Bytes a forwarding send may ask for beyond the high-water mark: one read, which the loop makes
	 * only if it can lend its read buffer (native memory of the loop's bounded pool), so that two reads
	 * leave in one write; the heap a connection holds stays bounded by the mark.
	 */
	private long readAhead() {
		return (this.trusted && this.connection.forwardsReads()) ? LoopBuffers.READ_SIZE : 0;
	}

	/** A buffer that will never be queued: a lent read buffer goes back to its loop. */
	private void dropped(ByteBuffer buffer) {
		if (this.trusted) {
			this.connection.loop().buffers().giveBack(buffer);
		}
	}

	/** Loop thread: the write queue drained below the low-water mark. */
	void resume() {
		this.paused = false;
		requestMore();
	}

	/**
	 * Loop thread: bytes have been written.
	 * @return {@code true} if this send has completed and everything it queued has been written
	 */
	boolean flushedUpTo(long bytesWritten) {
		if (this.completionMark >= 0 && bytesWritten >= this.completionMark) {
			this.connection.outboundEnded(this);
			this.actual.onComplete();
			return true;
		}
		return false;
	}

	/**
	 * Loop thread: the connection closed before this send ended. The publisher is cancelled and
	 * dropped, with any buffers handed over and not yet queued: whoever still holds this send (its
	 * subscriber, through the subscription) must not keep the publisher's chain alive.
	 */
	void connectionClosed(Throwable cause) {
		boolean wasDone = this.done;
		this.done = true;
		this.cancelled = true;
		if (wasDone) {
			this.upstream = null;
		}
		else {
			cancelUpstream();
		}
		clearHandoff();
		this.actual.onError((cause != null) ? cause : new ClosedConnectionException());
	}

	private void finish(Throwable failure) {
		this.done = true;
		this.cancelled = true;
		cancelUpstream();
		this.connection.outboundEnded(this);
		this.actual.onError(failure);
	}

	/** Cancels the publisher and lets go of it; {@link #cancelled} is set first. */
	private void cancelUpstream() {
		Subscription subscription = this.upstream;
		this.upstream = null;
		if (subscription != null) {
			subscription.cancel();
		}
	}

	/** Cancels the send: from the subscriber of the {@code Mono} returned by {@link Connection#send}. */
	@Override
	public void cancel() {
		this.cancelled = true;
		cancelUpstream();
		this.connection.runOnLoop(() -> {
			if (!this.done) {
				this.done = true;
				this.connection.outboundEnded(this);
			}
		});
	}

	@Override
	public void request(long n) {
		// A Mono<Void> emits no values: demand is irrelevant.
	}

}
