package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollConnectionGroupMembershipTests extends ConnectionGroupMembershipTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
