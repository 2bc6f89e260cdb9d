package dev.sockloop.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.sockloop.linux.Epoll;

/**
 * The NIO transport's poller: one {@link Selector}, woken by {@link Selector#wakeup()}. Channels
 * ride on their {@link SelectionKey}'s attachment. Interest and readiness are translated from and to
 * epoll masks so that channel logic is shared: {@code EPOLLIN} is {@code OP_ACCEPT} on a listener
 * and {@code OP_READ} elsewhere, {@code EPOLLOUT} is {@code OP_CONNECT} while a connect is pending
 * and {@code OP_WRITE} afterwards.
 *
 * <p>Unlike epoll, a selector reports nothing for a channel with no interest: a peer's reset is
 * seen when the connection next reads or writes, not while it is paused for back-pressure.
 */
final class NioPoller extends Poller {

	private final EventLoop loop;

	private final Selector selector;

	NioPoller(EventLoop loop) {
		this.loop = loop;
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open a NIO selector", ex);
		}
	}

	@Override
	int poll(int timeoutMillis) {
		try {
			if (timeoutMillis == 0) {
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
	void dispatch(int ready) {
		if (ready == 0) {
			return;
		}
		Set<SelectionKey> selected = this.selector.selectedKeys();
		for (SelectionKey key : selected) {
			// A key cancelled, or a channel detached, earlier in this batch: its events are stale.
			if (!key.isValid() || !(key.attachment() instanceof LoopChannel channel)) {
				continue;
			}
			try {
				channel.onReady(readyEvents(key.readyOps()));
			}
			catch (Throwable ex) {
				this.loop.channelFailed(channel, ex);
			}
		}
		selected.clear();
	}

	@Override
	void wakeUp() {
		this.selector.wakeup();
	}

	@Override
	void register(LoopChannel channel, int interest) {
		SelectableChannel selectable = channel.selectable;
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
		channel.key = key;
		this.loop.stats().fdsChanged(1);
	}

	@Override
	int modify(LoopChannel channel, int interest) {
		SelectionKey key = channel.key;
		if (key == null || !key.isValid()) {
			return -9; // EBADF, as epoll_ctl would say for a closed fd
		}
		key.interestOps(ops(channel.selectable, interest));
		return 0;
	}

	@Override
	void deregister(LoopChannel channel) {
		SelectionKey key = channel.key;
		if (key != null && key.attachment() == channel) {
			key.attach(null);
			key.cancel();
			this.loop.stats().fdsChanged(-1);
		}
	}

	@Override
	void unregister(LoopChannel channel) {
		SelectionKey key = channel.key;
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
	void forEachChannel(Consumer<LoopChannel> action) {
		List<LoopChannel> channels = new ArrayList<>();
		for (SelectionKey key : this.selector.keys()) {
			if (key.attachment() instanceof LoopChannel channel) {
				channels.add(channel);
			}
		}
		channels.forEach(action);
	}

	@Override
	void close() {
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// Nothing is left to release.
		}
	}

	private static int ops(SelectableChannel channel, int interest) {
		int ops = 0;
		if ((interest & Epoll.EPOLLIN) != 0) {
			ops |= ((channel.validOps() & SelectionKey.OP_ACCEPT) != 0) ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
		}
		if ((interest & Epoll.EPOLLOUT) != 0) {
			ops |= (channel instanceof SocketChannel socket && socket.isConnectionPending()) ? SelectionKey.OP_CONNECT
					: SelectionKey.OP_WRITE;
		}
		return ops;
	}

	private static int readyEvents(int readyOps) {
		int events = 0;
		if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
			events |= Epoll.EPOLLIN;
		}
		if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
			events |= Epoll.EPOLLOUT;
		}
		return events;
	}

}
