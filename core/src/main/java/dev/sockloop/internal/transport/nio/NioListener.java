package dev.sockloop.internal.transport.nio;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jdk.net.ExtendedSocketOptions;

import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.transport.Acceptor;
import dev.sockloop.internal.transport.ListenException;
import dev.sockloop.internal.transport.ListenOptions;
import dev.sockloop.internal.transport.Listener;
import dev.sockloop.internal.transport.TcpOptions;
import dev.sockloop.stats.AcceptError;

/**
 * A listening {@link ServerSocketChannel} on a NIO loop. Accepts until none is pending (bounded per
 * event), sets the TCP options on each new channel (NIO offers no inheritance from the listener) and
 * hands it to its {@link Acceptor}.
 *
 * <p>When {@code accept} fails (out of fds, typically) the pending connection stays queued and the
 * selector would report it again at once, so the listener stops listening for a short while. The
 * epoll listener's spare-fd trick, which lets the client see a clean close, needs raw fds.
 */
final class NioListener extends Listener implements NioChannel {

	private final ServerSocketChannel channel;

	private final boolean tcp;

	private final boolean tcpNoDelay;

	private final boolean keepAlive;

	private final TcpOptions tcpOptions;

	private NioListener(ServerSocketChannel channel, EventLoop loop, Acceptor acceptor, SocketAddress boundAddress,
			ListenOptions options) {
		super(loop, acceptor, boundAddress);
		this.channel = channel;
		this.tcp = boundAddress instanceof InetSocketAddress;
		this.tcpNoDelay = options.tcpNoDelay();
		this.keepAlive = options.keepAlive();
		this.tcpOptions = options.tcpOptions();
	}

	@Override
	public SelectableChannel selectableChannel() {
		return this.channel;
	}

	/**
	 * Opens a channel, binds it and listens.
	 * @param loop the loop the listener runs on
	 * @param options what to bind and how
	 * @param acceptor where accepted connections go
	 * @return the listener, which owns the channel
	 */
	static NioListener listen(EventLoop loop, ListenOptions options, Acceptor acceptor) {
		SocketAddress address = options.address();
		if (address instanceof InetSocketAddress) {
			requireKeepAliveTimerSupport(options.tcpOptions());
		}
		ServerSocketChannel channel;
		try {
			channel = ServerSocketChannel.open(NioTransport.family(address));
		}
		catch (IOException ex) {
			throw new ListenException("could not open a listening socket: " + ex.getMessage(), ex);
		}
		try {
			boolean tcp = address instanceof InetSocketAddress;
			if (tcp) {
				channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
				if (options.reusePort()) {
					channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
				}
				if (options.tcpOptions().receiveBufferSize() > 0) {
					// Before bind: it sizes the window scale advertised to every accepted peer.
					channel.setOption(StandardSocketOptions.SO_RCVBUF, options.tcpOptions().receiveBufferSize());
				}
			}
			try {
				channel.bind(address, options.backlog());
			}
			catch (IOException ex) {
				throw bindFailed(address, ex);
			}
			channel.configureBlocking(false);
			SocketAddress bound = tcp ? channel.getLocalAddress() : address;
			if (!tcp) {
				options.bound().run();
			}
			return new NioListener(channel, loop, acceptor, bound, options);
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(channel);
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ListenException("could not listen on " + address + ": " + ex.getMessage(), ex);
		}
	}

	/** The JDK says "address in use" only in the message of a {@link BindException}. */
	static ListenException bindFailed(SocketAddress address, IOException failure) {
		String reason = String.valueOf(failure.getMessage());
		boolean inUse = failure instanceof BindException && reason.contains("in use");
		return ListenException.bindFailed(address,
				inUse ? Errno.describe(Errno.EADDRINUSE) + ListenException.PORT_IN_USE : reason, failure);
	}

	@Override
	protected boolean acceptBatch() {
		for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
			SocketChannel accepted;
			try {
				accepted = this.channel.accept();
			}
			catch (IOException ex) {
				acceptFailed(ex);
				return false;
			}
			if (accepted == null) {
				return false;
			}
			try {
				accepted.configureBlocking(false);
				if (this.tcp) {
					accepted.setOption(StandardSocketOptions.TCP_NODELAY, this.tcpNoDelay);
					accepted.setOption(StandardSocketOptions.SO_KEEPALIVE, this.keepAlive);
					setTcpOptions(accepted, this.tcpOptions);
				}
			}
			catch (IOException ex) {
				// The peer is already gone (reset before we got to it): nothing to serve.
				closeQuietly(accepted);
				continue;
			}
			accepted(accepted);
		}
		return true;
	}

	/**
	 * Fails the listen, rather than every accept, where the JDK cannot set the keep-alive timers
	 * (they are extended options, present on Linux and macOS).
	 */
	private static void requireKeepAliveTimerSupport(TcpOptions options) {
		if (options.keepAliveIdleSeconds() == 0 && options.keepAliveIntervalSeconds() == 0
				&& options.keepAliveCount() == 0) {
			return;
		}
		try (SocketChannel probe = SocketChannel.open()) {
			if (!probe.supportedOptions().containsAll(List.of(ExtendedSocketOptions.TCP_KEEPIDLE,
					ExtendedSocketOptions.TCP_KEEPINTERVAL, ExtendedSocketOptions.TCP_KEEPCOUNT))) {
				throw new ListenException("TCP keep-alive idle, interval and count cannot be set on this platform", null);
			}
		}
		catch (IOException ex) {
			throw new ListenException("could not check the TCP keep-alive options: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Sets the options that are left to the system unless configured. The JDK offers only
	 * {@code SO_RCVBUF} on a listening channel, so the others are set per accepted channel; the
	 * keep-alive timers are Linux's and macOS's extended options.
	 */
	private static void setTcpOptions(SocketChannel accepted, TcpOptions options) throws IOException {
		if (options.receiveBufferSize() > 0) {
			accepted.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
		}
		if (options.sendBufferSize() > 0) {
			accepted.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferSize());
		}
		if (options.resetOnClose()) {
			accepted.setOption(StandardSocketOptions.SO_LINGER, 0);
		}
		if (options.keepAliveIdleSeconds() > 0) {
			accepted.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, options.keepAliveIdleSeconds());
		}
		if (options.keepAliveIntervalSeconds() > 0) {
			accepted.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, options.keepAliveIntervalSeconds());
		}
		if (options.keepAliveCount() > 0) {
			accepted.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, options.keepAliveCount());
		}
	}

	/** Opens an accepted channel on the loop the acceptor picks, or closes it if not admitted. */
	private void accepted(SocketChannel accepted) {
		EventLoop target = this.acceptor.admit(this.loop);
		if (target == null) {
			closeQuietly(accepted);
		}
		else if (target == this.loop) {
			open(accepted, target);
		}
		else {
			target.execute(() -> open(accepted, target));
		}
	}

	private void open(SocketChannel accepted, EventLoop target) {
		this.acceptor.start(new NioConnection(accepted, target, this.acceptor.owner()));
	}

	private void acceptFailed(IOException failure) {
		String message = String.valueOf(failure.getMessage());
		AcceptError error = message.contains("Too many open files") ? AcceptError.EMFILE
				: message.contains("file table") ? AcceptError.ENFILE : AcceptError.OTHER;
		this.stats.acceptFailed(error);
		this.acceptor.warn("Server '" + serverName() + "' failed to accept: " + message
				+ "; pausing accepts for " + TimeUnit.NANOSECONDS.toMillis(PAUSE_NANOS) + " ms");
		pause();
	}

	@Override
	protected void releaseSockets() {
		closeQuietly(this.channel);
	}

	static void closeQuietly(java.nio.channels.Channel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Released either way.
		}
	}

}
