package dev.sockloop.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

import jdk.net.ExtendedSocketOptions;

import dev.sockloop.connection.Connection;
import dev.sockloop.internal.transport.nio.NioConnection;
import dev.sockloop.transport.Transport;

class NioAcceptedSocketOptionTests extends AcceptedSocketOptionTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

	@Override
	Options optionsOf(Connection connection) throws IOException {
		SocketChannel channel = ((NioConnection) connection).channel();
		return new Options(channel.getOption(StandardSocketOptions.SO_RCVBUF),
				channel.getOption(StandardSocketOptions.SO_SNDBUF), channel.getOption(StandardSocketOptions.SO_LINGER),
				channel.getOption(ExtendedSocketOptions.TCP_KEEPIDLE),
				channel.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL),
				channel.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT));
	}

}
