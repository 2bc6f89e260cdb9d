package dev.sockloop.internal.connection;

import java.nio.ByteBuffer;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

import dev.sockloop.connection.Connection;

/**
 * The bytes a connection receives, as a {@code Flux} with one subscriber. Demand decides whether
 * the socket is read at all: with nothing requested the connection drops {@code EPOLLIN}, the
 * kernel's receive buffer fills and TCP flow control pushes back on the client.
 *
 * <p>Signals are delivered on the loop thread; {@code request} and {@code cancel} may come from
 * any thread and are handed over to it.
 */
final class InboundPublisher extends Flux<ByteBuffer> implements Subscription {

	private final LoopConnection connection;

	private CoreSubscriber<? super ByteBuffer> actual;

	private boolean subscribed;

	/**
	 * Whether the subscriber is this connection's own sender ({@code connection.send(connection.receive())}):
	 * then no user code ever sees an inbound buffer, and the loop may lend its read buffer instead
	 * of copying it (see {@link dev.sockloop.internal.loop.LoopBuffers#lendRead}).
	 */
	private boolean forwarding;

	private long demand;

	private boolean done;

	private Throwable error;

	InboundPublisher(LoopConnection connection) {
		this.connection = connection;
	}

	@Override
	public void subscribe(CoreSubscriber<? super ByteBuffer> subscriber) {
		// Checked here rather than in runOnLoop: the common case (a handler subscribing on the loop)
		// then allocates no task.
		if (this.connection.loop().inLoop()) {
			subscribeOnLoop(subscriber);
		}
		else {
			this.connection.loop().execute(() -> subscribeOnLoop(subscriber));
		}
	}

	private void subscribeOnLoop(CoreSubscriber<? super ByteBuffer> subscriber) {
		if (this.subscribed) {
			Operators.error(subscriber, new IllegalStateException("Connection.receive() allows only one subscriber"));
			return;
		}
		this.subscribed = true;
		this.actual = subscriber;
		if (subscriber instanceof OutboundSubscriber sender && sender.sendsOn(this.connection)) {
			// Identity, not a wrapper: any operator in between would be user code seeing the buffers.
			this.forwarding = true;
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
		this.connection.readDemandChanged();
	}

	@Override
	public void cancel() {
		this.connection.runOnLoop(() -> {
			this.actual = null;
			this.demand = 0;
			this.connection.readDemandChanged();
		});
	}

	/** Whether a read now would have somewhere to go. */
	boolean wantsData() {
		return this.demand > 0 && this.actual != null && !this.done;
	}

	/** Whether inbound buffers go straight to this connection's write queue, unseen by user code. */
	boolean forwarding() {
		return this.forwarding && this.actual != null;
	}

	boolean isDone() {
		return this.done;
	}

	void emit(ByteBuffer buffer) {
		if (this.demand != Long.MAX_VALUE) {
			this.demand--;
		}
		this.actual.onNext(buffer);
	}

	void end() {
		terminate(null);
	}

	void fail(Throwable failure) {
		terminate(failure);
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

}
