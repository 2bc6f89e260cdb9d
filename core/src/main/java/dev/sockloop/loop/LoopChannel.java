package dev.sockloop.loop;

/**
 * Something with an fd registered in one loop's epoll set: a listener, a connection, the loop's
 * own eventfd. The loop finds it by fd in a plain array and checks the generation the kernel hands
 * back in {@code epoll_data}, so that an fd closed and reused within one {@code epoll_wait} batch
 * never receives its predecessor's events.
 */
public abstract class LoopChannel {

	/** The fd; final once registered. */
	protected final int fd;

	int generation;

	/**
	 * Creates a channel for an open fd.
	 * @param fd the fd
	 */
	protected LoopChannel(int fd) {
		this.fd = fd;
	}

	/**
	 * The fd.
	 * @return the fd
	 */
	public final int fd() {
		return this.fd;
	}

	/**
	 * Handles ready events. Called on the loop thread.
	 * @param readyEvents the epoll event mask
	 */
	protected abstract void onReady(int readyEvents);

	/**
	 * Called on the loop thread after the iteration's events and tasks, when asked for with
	 * {@link EventLoop#runAtEndOfBatch(LoopChannel)}: the place to flush gathered writes.
	 */
	protected void onEndOfBatch() {
	}

	/**
	 * Called on the loop thread when handling this channel threw: release it. The loop carries on.
	 * @param failure what was thrown
	 */
	protected abstract void onFailure(Throwable failure);

	/**
	 * Called on the loop thread when the loop shuts down with this channel still registered: release
	 * the fd.
	 */
	protected abstract void onLoopShutdown();

}
