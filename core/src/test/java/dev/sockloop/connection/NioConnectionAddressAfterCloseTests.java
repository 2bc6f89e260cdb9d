package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class NioConnectionAddressAfterCloseTests extends ConnectionAddressAfterCloseTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
