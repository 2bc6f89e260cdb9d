package dev.sockloop.internal.transport.epoll;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import dev.sockloop.internal.linux.Sockets;
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
 * The epoll transport: Linux epoll, an eventfd per loop, and socket syscalls through JNA on raw fds,
 * reading and writing the loop's native buffers.
 */
public final class EpollTransport implements TransportProvider {

	/** The one instance, for {@link dev.sockloop.transport.Transport#EPOLL}. */
	public static final EpollTransport INSTANCE = new EpollTransport();

	private EpollTransport() {
	}

	@Override
	public boolean isAvailable() {
		return Epoll.isAvailable();
	}

	@Override
	public void ensureAvailable() {
		Epoll.ensureAvailable();
	}

	@Override
	public Poller newPoller(EventLoop loop) {
		return new EpollPoller(loop);
	}

	@Override
	public boolean nativeBuffers() {
		return true;
	}

	@Override
	public boolean reusePortSupported() {
		return true;
	}

	@Override
	public void ensurePortIsFree(InetSocketAddress address) {
		int probe = Sockets.newStreamSocket(address);
		try {
			Sockets.setReuseAddress(probe, true);
			int rc = Sockets.bind(probe, address);
			if (rc < 0) {
				throw EpollListener.bindFailed(address, -rc);
			}
		}
		finally {
			Sockets.close(probe);
		}
	}

	@Override
	public Listener listen(EventLoop loop, ListenOptions options, Acceptor acceptor) {
		return EpollListener.listen(loop, options, acceptor);
	}

	@Override
	public void connect(EventLoop loop, SocketAddress address, boolean tcpNoDelay, ConnectAttempt attempt) {
		EpollConnector.connect(loop, address, tcpNoDelay, attempt);
	}

	@Override
	public DatagramEndpoint bindDatagram(EventLoop loop, DatagramBind bind, DatagramSettings settings) {
		return EpollDatagramEndpoint.bind(loop, bind, settings);
	}

}
