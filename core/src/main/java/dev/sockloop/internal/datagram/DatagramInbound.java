package dev.sockloop.internal.datagram;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

import dev.sockloop.datagram.Datagram;

/**
 * The datagrams one socket receives, as a {@code Flux} with one subscriber. Demand decides whether
 * the socket is read at all: with nothing requested the endpoint drops its read interest and
 * datagrams wait in the kernel's receive buffer (which drops what does not fit), so the JVM holds
 * no more datagrams than were asked for.
 *
 * <p>Signals are delivered on the loop thread; {@code request} and {@code cancel} may come from
 * any thread and are handed over to it.
 */
final class DatagramInbound extends Flux<Datagram> implements Subscription {

	private final DatagramEndpoint endpoint;

	private CoreSubscriber<? super Datagram> actual;

	private boolean subscribed;

	private long demand;

	private boolean done;

	DatagramInbound(DatagramEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Datagram> subscriber) {
		this.endpoint.runOnLoop(() -> subscribeOnLoop(subscriber));
	}

	private void subscribeOnLoop(CoreSubscriber<? super Datagram> subscriber) {
		if (this.subscribed) {
			Operators.error(subscriber, new IllegalStateException("A datagram socket's inbound allows only one subscriber"));
			return;
		}
		this.subscribed = true;
		this.actual = subscriber;
		subscriber.onSubscribe(this);
		if (this.done && this.actual != null) {
			this.actual = null;
			subscriber.onComplete();
		}
	}

	@Override
	public void request(long n) {
		if (Operators.validate(n)) {
			this.endpoint.runOnLoop(() -> {
				if (this.actual != null && !this.done) {
					this.demand = Operators.addCap(this.demand, n);
					this.endpoint.demandChanged();
				}
			});
		}
	}

	@Override
	public void cancel() {
		this.endpoint.runOnLoop(() -> {
			this.actual = null;
			this.demand = 0;
			this.endpoint.demandChanged();
		});
	}

	/** Loop thread: whether a read now would have somewhere to go. */
	boolean wantsData() {
		return this.demand > 0 && this.actual != null && !this.done;
	}

	/** Loop thread: datagrams asked for and not yet delivered. */
	long demand() {
		return this.demand;
	}

	/**
	 * Loop thread: delivers a datagram.
	 * @return {@code false} if nobody wanted it (cancelled meanwhile)
	 */
	boolean emit(Datagram datagram) {
		CoreSubscriber<? super Datagram> subscriber = this.actual;
		if (subscriber == null || this.demand == 0 || this.done) {
			return false;
		}
		if (this.demand != Long.MAX_VALUE) {
			this.demand--;
		}
		subscriber.onNext(datagram);
		return true;
	}

	/** Loop thread: the server stops; the subscriber (now or later) sees completion. */
	void complete() {
		if (this.done) {
			return;
		}
		this.done = true;
		this.demand = 0;
		CoreSubscriber<? super Datagram> subscriber = this.actual;
		if (subscriber != null) {
			this.actual = null;
			subscriber.onComplete();
		}
	}

	/** Loop thread: the handler failed; its chain has already been told, so signal nothing more. */
	void drop() {
		this.done = true;
		this.demand = 0;
		this.actual = null;
	}

}
