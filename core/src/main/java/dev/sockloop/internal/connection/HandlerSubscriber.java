package dev.sockloop.internal.connection;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Follows a {@link dev.sockloop.connection.ConnectionHandler}'s publisher for the connection it serves: asks for
 * everything, and keeps the subscription so that a connection that ends first can cancel the
 * handler. What the handler's completion or failure means is the connection's to say, in
 * {@code onComplete} and {@code onError}; each connection (a socket's, a TLS session's) has one
 * subclass.
 */
public abstract class HandlerSubscriber implements CoreSubscriber<Void> {

	/** Volatile: a handler may be subscribed on another thread, racing with the connection's end. */
	private volatile Subscription subscription;

	@Override
	public final void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
		// A handler subscribed on another thread may arrive after the connection looked for it: cancel
		// and drop it here, or the ended connection would keep the handler's chain alive.
		if (connectionEnded()) {
			cancel();
		}
	}

	@Override
	public final void onNext(Void unused) {
	}

	/**
	 * Whether the connection has already ended, so that a handler subscribed late is cancelled at once.
	 * @return {@code true} if the connection has ended
	 */
	protected abstract boolean connectionEnded();

	/** Forgets the subscription once the handler has ended by itself. */
	protected final void handlerEnded() {
		this.subscription = null;
	}

	/**
	 * Cancels the handler if it is still running. The subscription is dropped as well as cancelled:
	 * an ended connection may stay referenced (by an application's registry, say), and must not keep
	 * the handler's publisher chain and what it captured.
	 */
	public final void cancel() {
		Subscription subscription = this.subscription;
		this.subscription = null;
		if (subscription != null) {
			subscription.cancel();
		}
	}

}
