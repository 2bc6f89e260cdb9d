package dev.sockloop.server;

import dev.sockloop.connection.Connection;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.transport.epoll.EpollConnection;
import dev.sockloop.transport.Transport;

class EpollAcceptedSocketOptionTests extends AcceptedSocketOptionTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

	@Override
	Options optionsOf(Connection connection) {
		int fd = ((EpollConnection) connection).fd();
		// Linux reports twice the buffer size set (the rest is its bookkeeping), as the JDK hides.
		return new Options(Sockets.receiveBufferSize(fd) / 2, Sockets.sendBufferSize(fd) / 2, Sockets.linger(fd),
				Sockets.keepAliveIdle(fd), Sockets.keepAliveInterval(fd), Sockets.keepAliveCount(fd));
	}

}
