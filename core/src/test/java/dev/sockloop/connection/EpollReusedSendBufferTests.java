package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class EpollReusedSendBufferTests extends ReusedSendBufferTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
