package dev.sockloop.hardening;

class NioTlsSlowGroupMemberTests extends NioSlowGroupMemberTests {

	@Override
	boolean tls() {
		return true;
	}

}
