package dev.sockloop.client;

import dev.sockloop.transport.Transport;

class EpollExchangeConnectionTests extends ExchangeConnectionTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
