package dev.sockloop.internal.connection;

import java.nio.ByteBuffer;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;

/**
 * What {@link Connection#send} returns: each subscription makes a sender that consumes the
 * publisher into the connection, and completes once all of it has been written (or, on a TLS
 * connection, encrypted and passed on).
 *
 * @param <C> the connection's type
 * @param <S> the connection's sender
 */
public final class SendMono<C, S extends CoreSubscriber<ByteBuffer> & Subscription> extends Mono<Void> {

	private final C connection;

	private final Sending<C, S> sending;

	private final Publisher<ByteBuffer> source;

	/**
	 * A send on {@code connection}.
	 * @param connection the connection
	 * @param sending how the connection sends; one instance per kind of connection
	 * @param source what to send
	 */
	public SendMono(C connection, Sending<C, S> sending, Publisher<ByteBuffer> source) {
		this.connection = connection;
		this.sending = sending;
		this.source = source;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Void> actual) {
		S sender = this.sending.sender(this.connection, actual);
		// Before the publisher is subscribed: the caller may cancel the send from here on.
		actual.onSubscribe(sender);
		this.sending.start(this.connection, sender, this.source);
	}

	/**
	 * How a kind of connection sends. Stateless, so that a send costs no object per connection.
	 *
	 * @param <C> the connection's type
	 * @param <S> the connection's sender
	 */
	public interface Sending<C, S> {

		/**
		 * Makes the sender of one subscription.
		 * @param connection the connection
		 * @param actual the send's subscriber, told when the send is done
		 * @return the sender
		 */
		S sender(C connection, CoreSubscriber<? super Void> actual);

		/**
		 * Starts the send: registers the sender with the connection and subscribes it to the source.
		 * @param connection the connection
		 * @param sender the sender, already handed to the send's subscriber
		 * @param source what to send
		 */
		void start(C connection, S sender, Publisher<ByteBuffer> source);

	}

}
