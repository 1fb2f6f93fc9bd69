-- Sign-in attempts are also limited per client address, whatever the email (issue 14 finding
-- 4): the throttle counts an address's recent rows on every attempt.
CREATE INDEX admin_login_failures_ip_idx ON admin_login_failures (ip, failed_at);
