package dev.sockloop.internal.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.IoEvents;
import dev.sockloop.internal.loop.LoopChannel;
import dev.sockloop.internal.loop.Poller;

/**
 * The NIO transport's poller: one {@link Selector}, woken by {@link Selector#wakeup()}. Channels
 * ride on their {@link SelectionKey}'s attachment. Interest and readiness are translated from and to
 * {@link IoEvents} bits so that channel logic is shared: {@link IoEvents#READ} is {@code OP_ACCEPT}
 * on a listener and {@code OP_READ} elsewhere, {@link IoEvents#WRITE} is {@code OP_CONNECT} while a
 * connect is pending and {@code OP_WRITE} afterwards.
 *
 * <p>Unlike epoll, a selector reports nothing for a channel with no interest: a peer's reset is
 * seen when the connection next reads or writes, not while it is paused for back-pressure.
 */
public final class NioPoller extends Poller {

	private final EventLoop loop;

	private final Selector selector;

	/** True while {@link #dispatch} iterates the selected keys, which a select must not change. */
	private boolean dispatching;

	/**
	 * Creates the poller of a loop: a selector.
	 * @param loop the loop
	 */
	public NioPoller(EventLoop loop) {
		this.loop = loop;
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open a NIO selector", ex);
		}
	}

	@Override
	protected int poll(int timeoutMillis) {
		try {
			// Keys a flush selected (see deregister) wait in the set: take them without blocking.
			if (timeoutMillis == 0 || !this.selector.selectedKeys().isEmpty()) {
				this.selector.selectNow();
			}
			else if (timeoutMillis < 0) {
				this.selector.select();
			}
			else {
				this.selector.select(timeoutMillis);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Selector failed", ex);
		}
		return this.selector.selectedKeys().size();
	}

	@Override
	protected void dispatch(int ready) {
		if (ready == 0) {
			return;
		}
		Set<SelectionKey> selected = this.selector.selectedKeys();
		this.dispatching = true;
		try {
			dispatch(selected);
		}
		finally {
			this.dispatching = false;
		}
		selected.clear();
	}

	private void dispatch(Set<SelectionKey> selected) {
		for (SelectionKey key : selected) {
			// A key cancelled, or a channel detached, earlier in this batch: its events are stale.
			if (!key.isValid() || !(key.attachment() instanceof LoopChannel channel)) {
				continue;
			}
			try {
				deliver(channel, readyEvents(key.readyOps()));
			}
			catch (Throwable ex) {
				channelFailed(this.loop, channel, ex);
			}
		}
	}

	@Override
	protected void wakeUp() {
		this.selector.wakeup();
	}

	@Override
	protected void register(LoopChannel channel, int interest) {
		SelectableChannel selectable = ((NioChannel) channel).selectableChannel();
		int ops = ops(selectable, interest);
		// A channel handed from one LoopChannel to another (a connect that completed) keeps its key.
		SelectionKey key = selectable.keyFor(this.selector);
		if (key != null && key.isValid()) {
			key.interestOps(ops);
			key.attach(channel);
		}
		else {
			try {
				key = selectable.register(this.selector, ops, channel);
			}
			catch (ClosedChannelException ex) {
				throw new IllegalStateException("Channel closed before it could be registered", ex);
			}
		}
		registration(channel, key);
		this.loop.stats().fdsChanged(1);
	}

	@Override
	protected int modify(LoopChannel channel, int interest) {
		SelectionKey key = (SelectionKey) registration(channel);
		if (key == null || !key.isValid()) {
			return -9; // EBADF, as epoll_ctl would say for a closed fd
		}
		key.interestOps(ops(((NioChannel) channel).selectableChannel(), interest));
		return 0;
	}

	@Override
	protected void deregister(LoopChannel channel) {
		SelectionKey key = (SelectionKey) registration(channel);
		if (key != null && key.attachment() == channel) {
			key.attach(null);
			key.cancel();
			this.loop.stats().fdsChanged(-1);
			if (key.channel() instanceof ServerSocketChannel && !this.dispatching) {
				flushCancelledKeys();
			}
		}
	}

	/**
	 * Deregisters cancelled keys now rather than at the next select. A registered channel that is
	 * closed is only really closed when its key is deregistered; for a listener that means it stays
	 * in LISTEN, and a connect still succeeds, after a pause or stop has returned. The keys this
	 * selects stay in the selected set for the next {@link #poll}. Not while dispatching: that
	 * iterates the set.
	 */
	private void flushCancelledKeys() {
		try {
			this.selector.selectNow();
		}
		catch (IOException | ClosedSelectorException ex) {
			// The channel is then closed at the next select (or with the selector), as without the flush.
		}
	}

	@Override
	protected void unregister(LoopChannel channel) {
		SelectionKey key = (SelectionKey) registration(channel);
		if (key != null && key.attachment() == channel) {
			// Not cancelled: a cancelled key blocks registering the channel again until the next select.
			if (key.isValid()) {
				key.interestOps(0);
			}
			key.attach(null);
			this.loop.stats().fdsChanged(-1);
		}
	}

	@Override
	protected void forEachChannel(Consumer<LoopChannel> action) {
		List<LoopChannel> channels = new ArrayList<>();
		for (SelectionKey key : this.selector.keys()) {
			if (key.attachment() instanceof LoopChannel channel) {
				channels.add(channel);
			}
		}
		channels.forEach(action);
	}

	@Override
	protected void close() {
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// Nothing is left to release.
		}
	}

	private static int ops(SelectableChannel channel, int interest) {
		int ops = 0;
		if ((interest & IoEvents.READ) != 0) {
			ops |= ((channel.validOps() & SelectionKey.OP_ACCEPT) != 0) ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
		}
		if ((interest & IoEvents.WRITE) != 0) {
			ops |= (channel instanceof SocketChannel socket && socket.isConnectionPending()) ? SelectionKey.OP_CONNECT
					: SelectionKey.OP_WRITE;
		}
		return ops;
	}

	private static int readyEvents(int readyOps) {
		int events = 0;
		if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
			events |= IoEvents.READ;
		}
		if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
			events |= IoEvents.WRITE;
		}
		return events;
	}

}
