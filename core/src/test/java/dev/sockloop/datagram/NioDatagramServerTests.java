package dev.sockloop.datagram;

import dev.sockloop.transport.Transport;

class NioDatagramServerTests extends DatagramServerTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
