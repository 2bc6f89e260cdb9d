package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioProxyProtocolTests extends ProxyProtocolTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
