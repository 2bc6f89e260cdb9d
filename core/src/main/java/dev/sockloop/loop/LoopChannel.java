package dev.sockloop.loop;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * Something registered with one loop: a listener, a connection, the loop's own eventfd.
 *
 * <p>On the epoll transport it is an fd: the loop finds it by fd in a plain array and checks the
 * generation the kernel hands back in {@code epoll_data}, so that an fd closed and reused within one
 * {@code epoll_wait} batch never receives its predecessor's events. On the NIO transport it is a
 * {@link SelectableChannel}, found through its {@link SelectionKey}'s attachment; a cancelled key
 * plays the part of the stale generation.
 *
 * <p>Either way, events arrive and interest is given as {@link IoEvents} bits, which each transport's
 * {@link Poller} maps to its own, so channel logic is written once.
 */
public abstract class LoopChannel {

	/** The fd on the epoll transport; -1 on NIO. Final once registered. */
	protected final int fd;

	/** The channel on the NIO transport; {@code null} on epoll. */
	final SelectableChannel selectable;

	int generation;

	/** The NIO registration, kept while the channel stays open so that it can be reused. */
	SelectionKey key;

	/**
	 * Creates a channel for an open fd (epoll transport).
	 * @param fd the fd
	 */
	protected LoopChannel(int fd) {
		this(fd, null);
	}

	/**
	 * Creates a channel for an open, non-blocking NIO channel (NIO transport).
	 * @param channel the channel
	 */
	protected LoopChannel(SelectableChannel channel) {
		this(-1, channel);
	}

	/**
	 * Creates a channel for either transport: an fd with a {@code null} channel, or -1 with a channel.
	 * @param fd the fd, or -1
	 * @param channel the NIO channel, or {@code null}
	 */
	protected LoopChannel(int fd, SelectableChannel channel) {
		this.fd = fd;
		this.selectable = channel;
	}

	/**
	 * The fd.
	 * @return the fd, or -1 on the NIO transport
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
