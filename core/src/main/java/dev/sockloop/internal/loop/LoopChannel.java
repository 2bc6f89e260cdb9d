package dev.sockloop.internal.loop;

/**
 * Something registered with one loop: a listener, a connection, a connect in progress, a poller's
 * own wake-up channel. It knows nothing of the transport: events arrive and interest is given as
 * {@link IoEvents} bits, which each transport's {@link Poller} maps to its own, so channel logic is
 * written once.
 *
 * <p>A channel on a transport of raw fds carries its fd, by which the poller finds it; one built on
 * a JDK channel has none (-1), and its transport's classes hold the channel. Either way the poller
 * keeps its own bookkeeping here: the epoll poller a generation, checked against the one the kernel
 * hands back in {@code epoll_data}, so that an fd closed and reused within one {@code epoll_wait}
 * batch never receives its predecessor's events; the NIO poller the channel's selection key.
 */
public abstract class LoopChannel {

	/** The fd on a transport of raw fds; -1 otherwise. Final once registered. */
	protected final int fd;

	/** The poller's generation of this registration (epoll). */
	int generation;

	/** What else the poller keeps for this channel (NIO: its selection key), or {@code null}. */
	Object registration;

	/**
	 * Creates a channel for an open fd.
	 * @param fd the fd
	 */
	protected LoopChannel(int fd) {
		this.fd = fd;
	}

	/**
	 * Creates a channel with no fd, for a transport of JDK channels.
	 */
	protected LoopChannel() {
		this(-1);
	}

	/**
	 * The fd.
	 * @return the fd, or -1 on a transport of JDK channels
	 */
	public final int fd() {
		return this.fd;
	}

	/**
	 * Handles ready events. Called on the loop thread.
	 * @param readyEvents {@link IoEvents} bits
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
