package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioHaproxyProxyProtocolTests extends HaproxyProxyProtocolTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
