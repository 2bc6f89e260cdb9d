package dev.sockloop.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import dev.sockloop.linux.Epoll;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.LoopChannel;
import dev.sockloop.loop.ScheduledTask;

/**
 * A non-blocking {@link SocketChannel#connect} in progress on a NIO loop: the selector reports
 * {@code OP_CONNECT} when the handshake ends, and {@link SocketChannel#finishConnect()} tells whether
 * it succeeded. Loop thread only.
 */
final class NioPendingConnect extends LoopChannel {

	private final SocketChannel channel;

	private final EventLoop loop;

	private final SocketAddress address;

	private final Consumer<SocketChannel> connected;

	private final Consumer<Throwable> failed;

	private ScheduledTask timeout;

	private boolean done;

	NioPendingConnect(SocketChannel channel, EventLoop loop, SocketAddress address, Consumer<SocketChannel> connected,
			Consumer<Throwable> failed) {
		super(channel);
		this.channel = channel;
		this.loop = loop;
		this.address = address;
		this.connected = connected;
		this.failed = failed;
	}

	void start(long timeoutNanos) {
		this.loop.register(this, Epoll.EPOLLOUT);
		this.timeout = this.loop.schedule(() -> fail(new ConnectException("Connect to " + this.address
				+ " timed out after " + (timeoutNanos / 1_000_000) + " ms")), timeoutNanos);
	}

	@Override
	protected void onReady(int readyEvents) {
		try {
			if (!this.channel.finishConnect()) {
				return;
			}
		}
		catch (IOException ex) {
			fail(SocketClient.connectFailure(this.address, ex));
			return;
		}
		this.done = true;
		this.timeout.cancel();
		this.loop.unregister(this);
		this.connected.accept(this.channel);
	}

	/** Gives up: the subscriber cancelled, or the connect failed or timed out. */
	void fail(Throwable failure) {
		if (this.done) {
			return;
		}
		this.done = true;
		if (this.timeout != null) {
			this.timeout.cancel();
		}
		this.loop.deregister(this);
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Released either way.
		}
		this.failed.accept(failure);
	}

	@Override
	protected void onFailure(Throwable failure) {
		fail(failure);
	}

	@Override
	protected void onLoopShutdown() {
		fail(new ConnectException("Event loop shut down while connecting to " + this.address));
	}

}
