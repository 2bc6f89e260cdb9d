package dev.sockloop.internal.transport.nio;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

import dev.sockloop.internal.datagram.DatagramBind;
import dev.sockloop.internal.datagram.DatagramEndpoint;
import dev.sockloop.internal.datagram.DatagramSettings;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.Poller;
import dev.sockloop.internal.transport.Acceptor;
import dev.sockloop.internal.transport.ConnectAttempt;
import dev.sockloop.internal.transport.ListenOptions;
import dev.sockloop.internal.transport.Listener;
import dev.sockloop.internal.transport.TransportProvider;

/**
 * The NIO transport: a {@link java.nio.channels.Selector} per loop and JDK socket channels, on every
 * platform the JDK runs on.
 */
public final class NioTransport implements TransportProvider {

	/** The one instance, for {@link dev.sockloop.transport.Transport#NIO}. */
	public static final NioTransport INSTANCE = new NioTransport();

	/** Whether this JDK offers {@code SO_REUSEPORT} on server channels (not on Windows). */
	private static final boolean REUSE_PORT = supportsReusePort();

	private NioTransport() {
	}

	@Override
	public boolean isAvailable() {
		return true;
	}

	@Override
	public void ensureAvailable() {
	}

	@Override
	public Poller newPoller(EventLoop loop) {
		return new NioPoller(loop);
	}

	@Override
	public boolean nativeBuffers() {
		return false;
	}

	@Override
	public boolean reusePortSupported() {
		return REUSE_PORT;
	}

	@Override
	public void ensurePortIsFree(InetSocketAddress address) {
		try (ServerSocketChannel probe = ServerSocketChannel.open(family(address))) {
			probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			probe.bind(address);
		}
		catch (IOException ex) {
			throw NioListener.bindFailed(address, ex);
		}
	}

	@Override
	public Listener listen(EventLoop loop, ListenOptions options, Acceptor acceptor) {
		return NioListener.listen(loop, options, acceptor);
	}

	@Override
	public void connect(EventLoop loop, SocketAddress address, boolean tcpNoDelay, ConnectAttempt attempt) {
		NioConnector.connect(loop, address, tcpNoDelay, attempt);
	}

	@Override
	public DatagramEndpoint bindDatagram(EventLoop loop, DatagramBind bind, DatagramSettings settings) {
		return NioDatagramEndpoint.bind(loop, bind, settings);
	}

	static StandardProtocolFamily family(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return (inet.getAddress() instanceof Inet6Address) ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
		}
		return StandardProtocolFamily.UNIX;
	}

	private static boolean supportsReusePort() {
		try (ServerSocketChannel probe = ServerSocketChannel.open()) {
			return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

}
