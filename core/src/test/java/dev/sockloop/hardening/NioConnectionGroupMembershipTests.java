package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioConnectionGroupMembershipTests extends ConnectionGroupMembershipTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
