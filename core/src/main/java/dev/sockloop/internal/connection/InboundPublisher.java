package dev.sockloop.internal.connection;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

import dev.sockloop.codec.FrameDecoder;

/**
 * The bytes a connection receives, as a {@code Flux} with one subscriber. Demand decides whether
 * the socket is read at all: with nothing requested the connection drops {@code EPOLLIN}, the
 * kernel's receive buffer fills and TCP flow control pushes back on the client.
 *
 * <p>Subscribed through {@link #frames}, it decodes instead: each read is cut into frames straight
 * from the loop's buffer, the frames wait in a {@link FrameQueue} for demand, and the socket is read
 * again only once they are all taken.
 *
 * <p>Signals are delivered on the loop thread; {@code request} and {@code cancel} may come from
 * any thread and are handed over to it.
 */
final class InboundPublisher extends Flux<ByteBuffer> implements Subscription, FrameSource {

	private final LoopConnection connection;

	private CoreSubscriber<? super ByteBuffer> actual;

	private boolean subscribed;

	/**
	 * Whether the subscriber is this connection's own sender ({@code connection.send(connection.receive())}):
	 * then no user code ever sees an inbound buffer, and the loop may lend its read buffer instead
	 * of copying it (see {@link dev.sockloop.internal.loop.LoopBuffers#lendRead}).
	 */
	private boolean forwarding;

	/** The decoder and its frames when subscribed through {@link #frames}; {@code null} otherwise. */
	private FrameQueue frames;

	private boolean draining;

	/** The peer finished sending while frames still waited: completion follows the last of them. */
	private boolean ending;

	private long demand;

	private boolean done;

	private Throwable error;

	InboundPublisher(LoopConnection connection) {
		this.connection = connection;
	}

	@Override
	public void subscribe(CoreSubscriber<? super ByteBuffer> subscriber) {
		subscribe(subscriber, null);
	}

	@Override
	public Flux<ByteBuffer> frames(Supplier<? extends FrameDecoder> decoders) {
		return new Frames(this, decoders);
	}

	private void subscribe(CoreSubscriber<? super ByteBuffer> subscriber, FrameQueue frames) {
		// Checked here rather than in runOnLoop: the common case (a handler subscribing on the loop)
		// then allocates no task.
		if (this.connection.loop().inLoop()) {
			subscribeOnLoop(subscriber, frames);
		}
		else {
			this.connection.loop().execute(() -> subscribeOnLoop(subscriber, frames));
		}
	}

	private void subscribeOnLoop(CoreSubscriber<? super ByteBuffer> subscriber, FrameQueue frames) {
		if (this.subscribed) {
			Operators.error(subscriber, new IllegalStateException("Connection.receive() allows only one subscriber"));
			return;
		}
		this.subscribed = true;
		this.actual = subscriber;
		this.frames = frames;
		if (subscriber instanceof OutboundSubscriber sender && sender.sendsOn(this.connection)) {
			// Identity, not a wrapper: any operator in between would be user code seeing the buffers.
			// Decoded frames are fresh buffers nobody else holds, so they are trusted too; only raw
			// reads may be lent.
			this.forwarding = (frames == null);
			sender.trustBuffers();
		}
		subscriber.onSubscribe(this);
		if (this.done && this.actual != null) {
			this.actual = null;
			signalTerminal(subscriber);
		}
	}

	@Override
	public void request(long n) {
		if (!Operators.validate(n)) {
			return;
		}
		if (this.connection.loop().inLoop()) {
			addDemand(n);
		}
		else {
			this.connection.loop().execute(() -> addDemand(n));
		}
	}

	private void addDemand(long n) {
		if (this.actual == null || this.done) {
			return;
		}
		this.demand = Operators.addCap(this.demand, n);
		if (this.frames != null) {
			drain();
		}
		this.connection.readDemandChanged();
	}

	@Override
	public void cancel() {
		this.connection.runOnLoop(() -> {
			this.actual = null;
			this.demand = 0;
			if (this.frames != null) {
				this.frames.clear();
			}
			this.connection.readDemandChanged();
		});
	}

	/**
	 * Whether a read now would have somewhere to go: demand, and when decoding, no frame of the last
	 * read still waiting (which bounds what a connection holds to one read's frames).
	 */
	boolean wantsData() {
		return this.demand > 0 && this.actual != null && !this.done
				&& (this.frames == null || (this.frames.isEmpty() && this.frames.failure() == null && !this.ending));
	}

	/** Whether reads are cut into frames here ({@link #decode}) rather than handed on ({@link #emit}). */
	boolean decodes() {
		return this.frames != null;
	}

	/** Whether inbound buffers go straight to this connection's write queue, unseen by user code. */
	boolean forwarding() {
		return this.forwarding && this.actual != null;
	}

	/** Whether nothing more will be read: ended, or ending once the waiting frames are taken. */
	boolean isDone() {
		return this.done || this.ending;
	}

	/**
	 * Hands on bytes read, as a buffer the subscriber may keep; when decoding, cuts them into frames.
	 * @param buffer the bytes, the subscriber's
	 */
	void emit(ByteBuffer buffer) {
		if (this.frames != null) {
			decode(buffer);
			return;
		}
		deliver(buffer);
	}

	/**
	 * Cuts bytes read into frames and delivers as many as are asked for; the rest wait for demand.
	 * @param chunk the loop's read buffer (or a view of it), valid only during this call
	 */
	void decode(ByteBuffer chunk) {
		this.frames.decode(chunk);
		drain();
	}

	private void deliver(ByteBuffer buffer) {
		if (this.demand != Long.MAX_VALUE) {
			this.demand--;
		}
		this.actual.onNext(buffer);
	}

	/**
	 * Delivers waiting frames while there is demand, then the decoding failure or the end that
	 * followed them. Not reentrant: a subscriber requesting more from {@code onNext} is served by the
	 * loop already running.
	 */
	private void drain() {
		if (this.draining) {
			return;
		}
		this.draining = true;
		try {
			FrameQueue queue = this.frames;
			while (this.demand > 0 && this.actual != null && !queue.isEmpty()) {
				deliver(queue.poll());
			}
			if (queue.isEmpty() && this.actual != null) {
				if (queue.failure() != null) {
					terminate(queue.failure());
				}
				else if (this.ending) {
					terminate(null);
				}
			}
		}
		finally {
			this.draining = false;
		}
	}

	/** The peer finished sending (or the server stops): completes once the waiting frames are taken. */
	void end() {
		if (this.frames != null && !this.frames.isEmpty() && this.actual != null && !this.done) {
			this.ending = true;
			this.connection.readDemandChanged();
			return;
		}
		terminate(null);
	}

	/**
	 * The connection closed: waiting frames are dropped, since nothing can answer them.
	 * @param cause the failure that closed it, or {@code null} for an orderly close
	 */
	void closed(Throwable cause) {
		if (this.frames != null) {
			this.frames.clear();
		}
		terminate(cause);
	}

	private void terminate(Throwable failure) {
		if (this.done) {
			return;
		}
		this.done = true;
		this.error = failure;
		this.demand = 0;
		CoreSubscriber<? super ByteBuffer> subscriber = this.actual;
		if (subscriber != null) {
			this.actual = null;
			signalTerminal(subscriber);
		}
		// Without demand the socket must leave the read interest too: level-triggered epoll (and a
		// selector) would otherwise report the unread bytes again and again, spinning the loop for
		// as long as the handler outlives its inbound (up to the whole shutdown timeout on a stop).
		this.connection.readDemandChanged();
	}

	private void signalTerminal(CoreSubscriber<? super ByteBuffer> subscriber) {
		if (this.error != null) {
			subscriber.onError(this.error);
		}
		else {
			subscriber.onComplete();
		}
	}

	/** The frames of an inbound, with a fresh decoder per subscription. */
	private static final class Frames extends Flux<ByteBuffer> {

		private final InboundPublisher inbound;

		private final Supplier<? extends FrameDecoder> decoders;

		Frames(InboundPublisher inbound, Supplier<? extends FrameDecoder> decoders) {
			this.inbound = inbound;
			this.decoders = decoders;
		}

		@Override
		public void subscribe(CoreSubscriber<? super ByteBuffer> subscriber) {
			this.inbound.subscribe(subscriber, new FrameQueue(this.decoders.get()));
		}

	}

}
