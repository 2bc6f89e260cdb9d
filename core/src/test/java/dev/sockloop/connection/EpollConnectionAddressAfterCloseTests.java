package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class EpollConnectionAddressAfterCloseTests extends ConnectionAddressAfterCloseTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
