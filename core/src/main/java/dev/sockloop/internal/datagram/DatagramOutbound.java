package dev.sockloop.internal.datagram;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.internal.connection.OutboundDemand;

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
final class DatagramOutbound implements CoreSubscriber<Datagram> {

	private static final Object COMPLETE = new Object();

	private static final AtomicIntegerFieldUpdater<DatagramOutbound> WIP =
			AtomicIntegerFieldUpdater.newUpdater(DatagramOutbound.class, "wip");

	private final DatagramEndpoint endpoint;

	private final Queue<Object> handoff = new ConcurrentLinkedQueue<>();

	private final OutboundDemand demand = new OutboundDemand();

	private volatile Subscription upstream;

	private volatile boolean cancelled;

	private volatile int wip;

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
		signal(datagram);
	}

	@Override
	public void onError(Throwable failure) {
		signal(new Failure(failure));
	}

	@Override
	public void onComplete() {
		signal(COMPLETE);
	}

	private void signal(Object signal) {
		if (this.wip == 0 && this.endpoint.loop().inLoop()) {
			process(signal);
			return;
		}
		this.handoff.offer(signal);
		if (WIP.getAndIncrement(this) == 0) {
			this.endpoint.loop().execute(this::drainHandoff);
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

	private void process(Object signal) {
		if (this.done) {
			return;
		}
		if (signal instanceof Datagram datagram) {
			this.demand.taken(datagram.payload().remaining());
			this.endpoint.enqueue(datagram);
			requestMore();
		}
		else if (signal == COMPLETE) {
			this.done = true;
			this.endpoint.outboundCompleted(this);
		}
		else {
			this.done = true;
			this.endpoint.handlerFailed(this, ((Failure) signal).failure);
		}
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
		this.handoff.clear();
	}

	private void cancelUpstream() {
		Subscription subscription = this.upstream;
		this.upstream = null;
		if (subscription != null) {
			subscription.cancel();
		}
	}

	private record Failure(Throwable failure) {
	}

}
