package dev.sockloop.internal.connection;

import java.nio.ByteBuffer;

import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;

/**
 * What {@link Connection#send} returns: each subscription consumes the publisher into the
 * connection's write queue and completes once all of it has been written.
 */
final class SendMono extends Mono<Void> {

	private final LoopConnection connection;

	private final Publisher<ByteBuffer> source;

	SendMono(LoopConnection connection, Publisher<ByteBuffer> source) {
		this.connection = connection;
		this.source = source;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Void> actual) {
		OutboundSubscriber subscriber = new OutboundSubscriber(this.connection, actual);
		actual.onSubscribe(subscriber);
		// On the loop (a handler sending) no task is allocated; other threads hand over.
		if (this.connection.loop().inLoop()) {
			start(subscriber);
		}
		else {
			this.connection.loop().execute(() -> start(subscriber));
		}
	}

	private void start(OutboundSubscriber subscriber) {
		if (this.connection.outboundStarted(subscriber)) {
			this.source.subscribe(subscriber);
		}
	}

}
