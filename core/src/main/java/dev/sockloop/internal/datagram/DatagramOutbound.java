package dev.sockloop.internal.datagram;

import org.reactivestreams.Subscription;
import reactor.core.publisher.Operators;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.internal.connection.OutboundDemand;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.LoopSubscriber;

/**
 * Consumes a handler's publisher into its socket's send queue, asking for no more datagrams than fit
 * under the write high-water mark ({@link OutboundDemand} counts the room in the largest datagram
 * seen). Above the mark it asks for nothing; the endpoint resumes it once the queue has drained. A
 * socket whose sends the kernel cannot take (a full send buffer) therefore costs about the
 * high-water mark, never an unbounded queue.
 *
 * <p>Signals arriving on the loop thread are processed at once; signals from other threads (an
 * offloaded handler) are queued and drained on the loop in order.
 */
final class DatagramOutbound extends LoopSubscriber<Datagram> {

	private final DatagramEndpoint endpoint;

	private final OutboundDemand demand = new OutboundDemand();

	private volatile Subscription upstream;

	private volatile boolean cancelled;

	private boolean done;

	DatagramOutbound(DatagramEndpoint endpoint) {
		this.endpoint = endpoint;
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
	public void onNext(Datagram datagram) {
		handOff(datagram);
	}

	@Override
	protected EventLoop loop() {
		return this.endpoint.loop();
	}

	@Override
	protected void nextOnLoop(Datagram datagram) {
		if (this.done) {
			return;
		}
		this.demand.taken(datagram.payload().remaining());
		this.endpoint.enqueue(datagram);
		requestMore();
	}

	@Override
	protected void completeOnLoop() {
		if (this.done) {
			return;
		}
		this.done = true;
		this.endpoint.outboundCompleted(this);
	}

	@Override
	protected void failOnLoop(Throwable failure) {
		if (this.done) {
			return;
		}
		this.done = true;
		this.endpoint.handlerFailed(this, failure);
	}

	/** Loop thread: asks for as many datagrams as the room under the high-water mark holds. */
	void requestMore() {
		if (this.done || this.cancelled) {
			return;
		}
		long room = this.endpoint.settings().writeHighWaterMark() - this.endpoint.queuedBytes();
		long n = this.demand.more(room);
		Subscription subscription = this.upstream;
		if (n > 0 && subscription != null) {
			subscription.request(n);
		}
	}

	/** Loop thread: the endpoint no longer wants anything from this publisher. */
	void cancel() {
		this.done = true;
		this.cancelled = true;
		cancelUpstream();
		clearHandoff();
	}

	private void cancelUpstream() {
		Subscription subscription = this.upstream;
		this.upstream = null;
		if (subscription != null) {
			subscription.cancel();
		}
	}

}
