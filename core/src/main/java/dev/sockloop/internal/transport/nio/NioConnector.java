package dev.sockloop.internal.transport.nio;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.transport.ConnectAttempt;
import dev.sockloop.internal.transport.PendingConnect;

/**
 * A non-blocking {@link SocketChannel#connect} on a NIO loop: the selector reports
 * {@code OP_CONNECT} when the handshake ends, and {@link SocketChannel#finishConnect()} tells whether
 * it succeeded.
 */
final class NioConnector extends PendingConnect implements NioChannel {

	private final SocketChannel channel;

	private final Consumer<SocketChannel> onConnected;

	private NioConnector(SocketChannel channel, EventLoop loop, SocketAddress address,
			Consumer<SocketChannel> onConnected, Consumer<Throwable> onFailed) {
		super(loop, address, onFailed);
		this.channel = channel;
		this.onConnected = onConnected;
	}

	@Override
	public SelectableChannel selectableChannel() {
		return this.channel;
	}

	/**
	 * Loop thread: opens a channel and connects it; a connect in progress is watched by a new
	 * connector under the attempt's timeout.
	 * @param loop the loop
	 * @param address the address
	 * @param tcpNoDelay whether to disable Nagle's algorithm on TCP
	 * @param attempt where the outcome goes
	 */
	static void connect(EventLoop loop, SocketAddress address, boolean tcpNoDelay, ConnectAttempt attempt) {
		if (attempt.isCancelled()) {
			return;
		}
		SocketChannel channel;
		try {
			channel = SocketChannel.open(NioTransport.family(address));
		}
		catch (IOException | RuntimeException ex) {
			attempt.failed(ex);
			return;
		}
		try {
			channel.configureBlocking(false);
			if (address instanceof InetSocketAddress) {
				channel.setOption(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
			}
			if (channel.connect(address)) {
				SocketChannel connected = channel;
				channel = null;
				open(connected, loop, attempt);
				return;
			}
			NioConnector pending = new NioConnector(channel, loop, address,
					(connected) -> open(connected, loop, attempt), attempt::failed);
			channel = null;
			attempt.await(pending);
		}
		catch (IOException ex) {
			attempt.failed(connectFailure(address, ex));
		}
		catch (RuntimeException ex) {
			// UnresolvedAddressException, UnsupportedAddressTypeException: thrown before any connect.
			attempt.failed(ex);
		}
		finally {
			if (channel != null) {
				NioListener.closeQuietly(channel);
			}
		}
	}

	private static void open(SocketChannel channel, EventLoop loop, ConnectAttempt attempt) {
		LoopConnection connection;
		try {
			connection = new NioConnection(channel, loop, attempt.owner());
		}
		catch (RuntimeException ex) {
			NioListener.closeQuietly(channel);
			attempt.failed(ex);
			return;
		}
		attempt.start(connection);
	}

	private static ConnectException connectFailure(SocketAddress address, IOException failure) {
		ConnectException exception = new ConnectException("Connect to " + address + " failed: " + failure.getMessage());
		exception.initCause(failure);
		return exception;
	}

	@Override
	protected void onReady(int readyEvents) {
		try {
			if (!this.channel.finishConnect()) {
				return;
			}
		}
		catch (IOException ex) {
			fail(connectFailure(this.address, ex));
			return;
		}
		if (connected()) {
			this.onConnected.accept(this.channel);
		}
	}

	@Override
	protected void releaseSocket() {
		NioListener.closeQuietly(this.channel);
	}

}
