package dev.sockloop.client;

import dev.sockloop.transport.Transport;

class NioExchangeConnectionTests extends ExchangeConnectionTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
