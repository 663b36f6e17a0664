#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""ec2env: a local EC2 endpoint (moto) holding the reference VPC, for tests,
the lab and benchmarks.

What it starts
  t/servers/moto_ec2.py (moto's server app plus the AWS behaviours moto lacks:
  resource-level permissions for route changes, InvalidInstanceID for an
  InstanceId with several interfaces, 412 DryRunOperation, blackhole state,
  instanceId+networkInterfaceId on routes; see that file) on 127.0.0.1, free
  port, with INITIAL_NO_AUTH_ACTION_COUNT=3.  The first three requests create
  an "admin" IAM user (policy "*") and its key, unsigned; from then on moto
  checks every request's SigV4 signature and enforces IAM policies, and the
  rest of the set-up is done, signed, with the admin key.
  Optionally t/servers/fault_proxy.py in front (proxy=True / --proxy).
  moto's server answers "Connection: close"; the proxy keeps client
  connections alive as AWS does, so connection reuse shows only through it.
  With tls=True (--tls) moto speaks HTTPS with a certificate for 127.0.0.1
  and localhost issued by a throw-away CA made with openssl(1): env.ca_file
  is that CA (for --ca-file); the proxy, when asked for too, stays HTTP
  (and talks HTTPS to moto).

The reference set-up (region ap-southeast-1, account 123456789012)
  VPC 172.31.0.0/16 with an Amazon IPv6 /56; subnets 172.31.0.0/24 (eth0) and
  172.31.1.0/24 (eth1); instances vyos-1, vyos-2 (each with a second ENI at
  device index 1), and "appliance" (one ENI, a foreign target); a transit
  gateway (foreign target).
  `tables` route tables (default 2) named rtb-1..N, each with routes for every
  destination (default 10.0.0.0/16) and, when ipv6, 2001:db8:1000::/56, all to
  vyos-1's eth1 ENI.  Plus an "unlisted" table with the same routes that the
  IAM policy does not name, and foreign routes 10.99.0.0/16 (-> transit
  gateway in the first table, -> appliance's ENI in the others, when
  foreign=True).
  IAM user "route-failover" whose only policy is
  contrib/iam/route-failover-policy.json with the real region, account and
  table ids filled in; role "route-failover-role" with the same policy (for
  session-token credentials, also what an IMDS server would hand out).
  For assume-role (contrib/iam's cross-account files, filled in): IAM user
  "assumer" whose only permission is sts:AssumeRole on the two roles
  below; role "route-failover-xacct" (the route policy; trusts "assumer"
  with external id EXTERNAL_ID) and role "route-nopolicy" (the same trust,
  no permission); role "route-failover-web" (the route policy; trusts
  sts:AssumeRoleWithWebIdentity with the token env.web_identity_token).

Python API
    from ec2env import Ec2Env          # sys.path.insert(0, top_srcdir + "/t")
    with Ec2Env(tables=2, proxy=True) as env:
        env.endpoint        "http://127.0.0.1:PORT" (moto)
        env.proxy_endpoint  the fault proxy's URL, or None
        env.url             proxy_endpoint when there is one, else endpoint
        env.ca_file         the test CA when tls=True, else None
        env.region          "ap-southeast-1"
        env.keys            {"access_key_id", "secret_access_key"} of
                            route-failover (the policy user)
        env.admin_keys      the same for the admin user
        env.ids             {"vpc", "vyos1", "vyos2", "appliance",
                             "vyos1_eni" (eth1, the route target),
                             "vyos1_eni0", "vyos2_eni", "vyos2_eni0",
                             "appliance_eni", "tgw", "tables": [...],
                             "unlisted_table", "destinations": [...],
                             "destination_v6" (or None),
                             "foreign_destination" (or None)}
        env.session_keys()  fresh role credentials incl. "session_token"
        env.assumer_keys    keys of "assumer" (sts:AssumeRole only)
        env.roles           {"xacct", "nopolicy", "web"}: role ARNs
        env.external_id     what route-failover-xacct's trust asks for
        env.web_identity_token  the one token moto accepts
        env.route(rtb, dest) {"instance_id", "eni_id", "gateway_id",
                             "transit_gateway_id", "state", ...} or None
        env.route_target(rtb, dest) instance/eni/other id or None
        env.set_route(rtb, dest, target)  ReplaceRoute as admin (i-/eni-/
                                          tgw-/igw-)
        env.stop_instance(iid), env.start_instance(iid)  (blackhole tests)
        env.aws_env(keys=None, url=None) dict of environment variables for
                            a child (our binaries or /usr/bin/aws): keys,
                            region, AWS_ENDPOINT_URL_EC2, config files
                            disabled, IMDS disabled
        env.client(keys=None, url=None, service="ec2")  a boto3 client
        env.aws("replace-route", "--route-table-id", ..., keys=None)
                            runs /usr/bin/aws ec2 ... (--endpoint-url added;
                            Debian's awscli 2.9 ignores AWS_ENDPOINT_URL_EC2)
                            and returns the CompletedProcess
        env.fault(kind, **kw)  add a proxy rule (see fault_proxy.py):
                            env.fault("throttle", action="ReplaceRoute",
                                      times=2)
        env.proxy_counts()  {"ReplaceRoute": 3, ...}; env.proxy_log();
        env.proxy_reset()
        env.stop()          (also on leaving the with block)

CLI (for shell scripts, the lab, benchmarks)
    python3 t/ec2env.py up [--tables N] [--destinations CIDR,...] [--no-ipv6]
        [--no-foreign] [--proxy] [--tls] [--plain] [--region R]
        [--json|--shell]
        [--log-dir DIR]
  prints the set-up as one JSON object (keys: endpoint, proxy_endpoint,
  url, region, ca_file, keys, admin_keys, session_keys, ids, pid), or with
  --shell as
  `export EC2ENV_...=...` lines, then "READY" on a line of its own (JSON
  mode: the JSON object is one line followed by READY) and stays up until
  SIGTERM/SIGINT, when it stops its servers.
"""
import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
POLICY_TEMPLATE = os.path.join(TOP, "contrib", "iam",
                               "route-failover-policy.json")
ACCOUNT = "123456789012"
EXTERNAL_ID = "vyos-ha-3f1c9e"
TRUST_TEMPLATE = os.path.join(TOP, "contrib", "iam",
                              "cross-account-trust-policy.json")
ASSUME_TEMPLATE = os.path.join(TOP, "contrib", "iam",
                               "assume-route-role-policy.json")
DEFAULT_V6_DESTINATION = "2001:db8:1000::/56"
FOREIGN_DESTINATION = "10.99.0.0/16"
# Unsigned requests moto lets through before it starts checking: the admin
# user, its policy and its key.
NO_AUTH_COUNT = 3


def _start_server(argv, env, log_path, timeout=30.0):
    """Start a child that prints "READY port=N"; return (proc, port)."""
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=log,
                            env=env, start_new_session=True)
    if log_path:
        log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        line = line.decode(errors="replace").strip()
        if line.startswith("READY port="):
            # Keep reading so that a chatty child never blocks on a full
            # pipe.
            threading.Thread(target=_drain, args=(proc.stdout,),
                             daemon=True).start()
            return proc, int(line.split("=", 1)[1])
    proc.kill()
    proc.wait()
    raise RuntimeError(f"{argv[1]} did not start (log: {log_path})")


def _drain(f):
    try:
        while f.read(65536):
            pass
    except (OSError, ValueError):
        pass


def _stop_proc(proc):
    if proc is None:
        return
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    try:
        proc.stdout.close()
    except (OSError, ValueError):
        pass


def make_test_ca(directory):
    """A CA and a server certificate for 127.0.0.1/localhost (openssl CLI).
    Returns (ca_file, cert_file, key_file)."""
    ca_key = os.path.join(directory, "ca.key")
    ca = os.path.join(directory, "ca.pem")
    key = os.path.join(directory, "server.key")
    csr = os.path.join(directory, "server.csr")
    crt = os.path.join(directory, "server.pem")
    ext = os.path.join(directory, "server.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                "extendedKeyUsage=serverAuth\n")

    def ossl(*args):
        subprocess.run(["openssl", *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key,
         "-out", ca, "-days", "2", "-subj", "/CN=vyos-ha-plugins test CA")
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
         "-subj", "/CN=127.0.0.1")
    ossl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key,
         "-CAcreateserial", "-out", crt, "-days", "2", "-extfile", ext)
    return ca, crt, key


def fill_policy(template_text, region, account, tables):
    """The shipped policy with placeholders replaced by real ids."""
    pol = json.loads(template_text)
    for st in pol["Statement"]:
        res = st.get("Resource")
        if isinstance(res, list) and any("REPLACE_ME" in r for r in res):
            st["Resource"] = [f"arn:aws:ec2:{region}:{account}:route-table/{t}"
                              for t in tables]
    text = json.dumps(pol)
    return text.replace("REGION", region).replace("ACCOUNT_ID", account)


class Ec2Env:
    def __init__(self, tables=2, destinations=("10.0.0.0/16",), ipv6=True,
                 foreign=True, proxy=False, plain=False,
                 region="ap-southeast-1", log_dir=None, tls=False,
                 proxy_bind="127.0.0.1"):
        self.ntables = tables
        self.destinations = list(destinations)
        self.ipv6 = ipv6
        self.foreign = foreign
        self.want_proxy = proxy
        self.proxy_bind = proxy_bind
        self.plain = plain
        self.region = region
        self.log_dir = log_dir
        self.tls = tls
        self.ca_file = None
        self._tmp = None
        self.moto = None
        self.proxy = None
        self.endpoint = None
        self.proxy_endpoint = None
        self.keys = None
        self.admin_keys = None
        self.assumer_keys = None
        self.ids = {}
        self.external_id = EXTERNAL_ID
        self.web_identity_token = "eyJ" + secrets.token_urlsafe(48)
        self.roles = {r: f"arn:aws:iam::{ACCOUNT}:role/{n}" for r, n in (
            ("xacct", "route-failover-xacct"), ("nopolicy", "route-nopolicy"),
            ("web", "route-failover-web"))}

    # -- life cycle ----------------------------------------------------
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self):
        return self.proxy_endpoint or self.endpoint

    def _log(self, name):
        if not self.log_dir:
            return None
        os.makedirs(self.log_dir, exist_ok=True)
        return os.path.join(self.log_dir, name)

    def start(self):
        try:
            env = dict(os.environ)
            env["INITIAL_NO_AUTH_ACTION_COUNT"] = str(NO_AUTH_COUNT)
            env["MOTO_WEB_IDENTITY_TOKENS"] = self.web_identity_token
            argv = [sys.executable, os.path.join(HERE, "servers",
                                                 "moto_ec2.py")]
            if self.plain:
                argv.append("--plain")
            if self.tls:
                self._tmp = tempfile.mkdtemp(prefix="ec2env-tls-")
                self.ca_file, crt, key = make_test_ca(self._tmp)
                argv += ["--tls-cert", crt, "--tls-key", key]
            self.moto, port = _start_server(argv, env, self._log("moto.log"))
            self.endpoint = (f"https://127.0.0.1:{port}" if self.tls else
                             f"http://127.0.0.1:{port}")
            self._setup()
            if self.want_proxy:
                argv = [sys.executable,
                        os.path.join(HERE, "servers", "fault_proxy.py"),
                        "--upstream", self.endpoint,
                        "--bind", self.proxy_bind]
                if self.ca_file:
                    argv += ["--upstream-ca", self.ca_file]
                self.proxy, pport = _start_server(argv, dict(os.environ),
                                                  self._log("proxy.log"))
                self.proxy_endpoint = f"http://{self.proxy_bind}:{pport}"
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        _stop_proc(self.proxy)
        _stop_proc(self.moto)
        self.proxy = self.moto = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    # -- clients ---------------------------------------------------------
    def client(self, keys=None, url=None, service="ec2"):
        import boto3
        from botocore.config import Config
        keys = keys or self.admin_keys
        return boto3.client(
            service, region_name=self.region,
            endpoint_url=url or self.endpoint,
            aws_access_key_id=keys["access_key_id"],
            aws_secret_access_key=keys["secret_access_key"],
            aws_session_token=keys.get("session_token"),
            verify=self.ca_file if self.ca_file else None,
            config=Config(retries={"total_max_attempts": 1}))

    def aws_env(self, keys=None, url=None, base=None):
        """Environment for a child process using these credentials."""
        keys = keys or self.keys
        env = dict(os.environ if base is None else base)
        for k in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN",
                  "AWS_ENDPOINT_URL", "AWS_CA_BUNDLE"):
            env.pop(k, None)
        env.update({
            "AWS_ACCESS_KEY_ID": keys["access_key_id"],
            "AWS_SECRET_ACCESS_KEY": keys["secret_access_key"],
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_ENDPOINT_URL_EC2": url or self.url,
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
        })
        if keys.get("session_token"):
            env["AWS_SESSION_TOKEN"] = keys["session_token"]
        return env

    def aws(self, *args, keys=None, url=None, timeout=60):
        """Run Debian's /usr/bin/aws ec2 ARGS... with these credentials.

        Debian 12's awscli (2.9) predates AWS_ENDPOINT_URL_EC2, so the
        endpoint goes in --endpoint-url.  Returns a CompletedProcess (text).
        """
        argv = ["/usr/bin/aws", "--endpoint-url", url or self.url,
                "--output", "json", "ec2", *args]
        if self.ca_file and (url or self.url).startswith("https:"):
            argv[1:1] = ["--ca-bundle", self.ca_file]
        return subprocess.run(argv, env=self.aws_env(keys=keys, url=url),
                              capture_output=True, text=True, timeout=timeout)

    def session_keys(self):
        sts = self.client(service="sts")
        c = sts.assume_role(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/route-failover-role",
            RoleSessionName="ec2env")["Credentials"]
        return {"access_key_id": c["AccessKeyId"],
                "secret_access_key": c["SecretAccessKey"],
                "session_token": c["SessionToken"],
                "expiration": c["Expiration"].strftime("%Y-%m-%dT%H:%M:%SZ")}

    # -- set-up ----------------------------------------------------------
    def _setup(self):
        import boto3
        from botocore.config import Config
        anon = boto3.client(
            "iam", region_name=self.region, endpoint_url=self.endpoint,
            verify=self.ca_file if self.ca_file else None,
            aws_access_key_id="AKIASETUPSETUPSETUP0",
            aws_secret_access_key="setup-phase-unchecked",
            config=Config(retries={"total_max_attempts": 1}))
        # Exactly NO_AUTH_COUNT requests: moto checks everything after them.
        anon.create_user(UserName="admin")
        anon.put_user_policy(UserName="admin", PolicyName="admin",
                             PolicyDocument=json.dumps({
                                 "Version": "2012-10-17",
                                 "Statement": [{"Effect": "Allow",
                                                "Action": "*",
                                                "Resource": "*"}]}))
        k = anon.create_access_key(UserName="admin")["AccessKey"]
        self.admin_keys = {"access_key_id": k["AccessKeyId"],
                           "secret_access_key": k["SecretAccessKey"]}

        ec2 = self.client()
        ids = self.ids
        vpc = ec2.create_vpc(CidrBlock="172.31.0.0/16",
                             AmazonProvidedIpv6CidrBlock=True)["Vpc"]
        ids["vpc"] = vpc["VpcId"]
        sub0 = ec2.create_subnet(VpcId=ids["vpc"], CidrBlock="172.31.0.0/24",
                                 AvailabilityZone=self.region + "a")
        sub1 = ec2.create_subnet(VpcId=ids["vpc"], CidrBlock="172.31.1.0/24",
                                 AvailabilityZone=self.region + "a")
        sub0 = sub0["Subnet"]["SubnetId"]
        sub1 = sub1["Subnet"]["SubnetId"]
        ids["subnets"] = [sub0, sub1]

        def instance(name, second_eni):
            r = ec2.run_instances(
                ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
                InstanceType="t3.small", SubnetId=sub0,
                TagSpecifications=[{"ResourceType": "instance", "Tags": [
                    {"Key": "Name", "Value": name}]}])
            inst = r["Instances"][0]
            iid = inst["InstanceId"]
            eni0 = inst["NetworkInterfaces"][0]["NetworkInterfaceId"]
            eni1 = None
            if second_eni:
                eni1 = ec2.create_network_interface(
                    SubnetId=sub1, Description=name + " eth1")
                eni1 = eni1["NetworkInterface"]["NetworkInterfaceId"]
                ec2.attach_network_interface(NetworkInterfaceId=eni1,
                                             InstanceId=iid, DeviceIndex=1)
                ec2.modify_network_interface_attribute(
                    NetworkInterfaceId=eni1, SourceDestCheck={"Value": False})
            return iid, eni0, eni1

        ids["vyos1"], ids["vyos1_eni0"], ids["vyos1_eni"] = \
            instance("vyos-1", True)
        ids["vyos2"], ids["vyos2_eni0"], ids["vyos2_eni"] = \
            instance("vyos-2", True)
        ids["appliance"], ids["appliance_eni"], _ = \
            instance("appliance", False)
        ids["tgw"] = ec2.create_transit_gateway(
            Description="foreign target")["TransitGateway"]["TransitGatewayId"]

        dests = list(self.destinations)
        ids["destinations"] = dests
        ids["destination_v6"] = DEFAULT_V6_DESTINATION if self.ipv6 else None
        ids["foreign_destination"] = FOREIGN_DESTINATION if self.foreign \
            else None

        def table(name, index):
            t = ec2.create_route_table(
                VpcId=ids["vpc"],
                TagSpecifications=[{"ResourceType": "route-table", "Tags": [
                    {"Key": "Name", "Value": name}]}])
            rtb = t["RouteTable"]["RouteTableId"]
            for d in dests:
                ec2.create_route(RouteTableId=rtb, DestinationCidrBlock=d,
                                 NetworkInterfaceId=ids["vyos1_eni"])
            if self.ipv6:
                ec2.create_route(RouteTableId=rtb,
                                 DestinationIpv6CidrBlock=DEFAULT_V6_DESTINATION,
                                 NetworkInterfaceId=ids["vyos1_eni"])
            if self.foreign:
                kw = ({"TransitGatewayId": ids["tgw"]} if index == 0 else
                      {"NetworkInterfaceId": ids["appliance_eni"]})
                ec2.create_route(RouteTableId=rtb,
                                 DestinationCidrBlock=FOREIGN_DESTINATION, **kw)
            return rtb

        ids["tables"] = [table(f"rtb-{i + 1}", i)
                         for i in range(self.ntables)]
        ids["unlisted_table"] = table("unlisted", 99)

        with open(POLICY_TEMPLATE) as f:
            policy = fill_policy(f.read(), self.region, ACCOUNT, ids["tables"])
        self.policy = policy
        iam = self.client(service="iam")
        iam.create_user(UserName="route-failover")
        iam.put_user_policy(UserName="route-failover",
                            PolicyName="route-failover",
                            PolicyDocument=policy)
        k = iam.create_access_key(UserName="route-failover")["AccessKey"]
        self.keys = {"access_key_id": k["AccessKeyId"],
                     "secret_access_key": k["SecretAccessKey"]}
        iam.create_role(RoleName="route-failover-role",
                        AssumeRolePolicyDocument=json.dumps({
                            "Version": "2012-10-17",
                            "Statement": [{"Effect": "Allow",
                                           "Principal": {"AWS": "*"},
                                           "Action": "sts:AssumeRole"}]}))
        iam.put_role_policy(RoleName="route-failover-role",
                            PolicyName="route-failover", PolicyDocument=policy)
        self._setup_assume(iam, policy)

    def _setup_assume(self, iam, policy):
        """contrib/iam's cross-account set-up, both accounts being ours."""
        with open(TRUST_TEMPLATE) as f:
            trust = (f.read().replace("MONITORING_ACCOUNT_ID", ACCOUNT)
                     .replace("role/MONITORING_ROLE", "user/assumer")
                     .replace("EXTERNAL_ID", EXTERNAL_ID))
        with open(ASSUME_TEMPLATE) as f:
            assume = json.loads(f.read().replace("ROUTE_ACCOUNT_ID", ACCOUNT))
        # Both roles: the one with the policy and the one without.
        assume["Statement"][0]["Resource"] = [self.roles["xacct"],
                                              self.roles["nopolicy"]]
        iam.create_user(UserName="assumer")
        iam.put_user_policy(UserName="assumer", PolicyName="assume",
                            PolicyDocument=json.dumps(assume))
        k = iam.create_access_key(UserName="assumer")["AccessKey"]
        self.assumer_keys = {"access_key_id": k["AccessKeyId"],
                             "secret_access_key": k["SecretAccessKey"]}
        for name, pol in (("route-failover-xacct", policy),
                          ("route-nopolicy", None)):
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
            if pol:
                iam.put_role_policy(RoleName=name, PolicyName="route-failover",
                                    PolicyDocument=pol)
        iam.create_role(RoleName="route-failover-web",
                        AssumeRolePolicyDocument=json.dumps({
                            "Version": "2012-10-17",
                            "Statement": [{
                                "Effect": "Allow",
                                "Principal": {"Federated": f"arn:aws:iam::"
                                              f"{ACCOUNT}:oidc-provider/"
                                              "oidc.eks.test"},
                                "Action": "sts:AssumeRoleWithWebIdentity"}]}))
        iam.put_role_policy(RoleName="route-failover-web",
                            PolicyName="route-failover", PolicyDocument=policy)

    # -- inspection and changes (as admin, straight to moto) -------------
    def route(self, rtb, dest):
        ec2 = self.client()
        t = ec2.describe_route_tables(RouteTableIds=[rtb])["RouteTables"][0]
        for r in t["Routes"]:
            if dest in (r.get("DestinationCidrBlock"),
                        r.get("DestinationIpv6CidrBlock")):
                return {
                    "instance_id": r.get("InstanceId"),
                    "eni_id": r.get("NetworkInterfaceId"),
                    "gateway_id": r.get("GatewayId"),
                    "transit_gateway_id": r.get("TransitGatewayId"),
                    "nat_gateway_id": r.get("NatGatewayId"),
                    "state": r.get("State"),
                }
        return None

    def route_target(self, rtb, dest):
        """The ENI id when the route has one, else the other target id."""
        r = self.route(rtb, dest)
        if r is None:
            return None
        return (r["eni_id"] or r["instance_id"] or r["transit_gateway_id"] or
                r["gateway_id"] or r["nat_gateway_id"])

    def set_route(self, rtb, dest, target):
        kw = {"RouteTableId": rtb}
        kw["DestinationIpv6CidrBlock" if ":" in dest
           else "DestinationCidrBlock"] = dest
        key = {"i-": "InstanceId", "eni-": "NetworkInterfaceId",
               "tgw-": "TransitGatewayId", "igw-": "GatewayId",
               "nat-": "NatGatewayId"}
        for prefix, name in key.items():
            if target.startswith(prefix):
                kw[name] = target
                break
        else:
            raise ValueError(f"unknown target kind: {target}")
        self.client().replace_route(**kw)

    def stop_instance(self, iid):
        self.client().stop_instances(InstanceIds=[iid])

    def start_instance(self, iid):
        self.client().start_instances(InstanceIds=[iid])

    # -- fault proxy -----------------------------------------------------
    def _proxy_call(self, path, payload=None):
        if not self.proxy_endpoint:
            raise RuntimeError("Ec2Env started without proxy=True")
        data = None if payload is None else json.dumps(payload).encode()
        req = urllib.request.Request(self.proxy_endpoint + path, data=data,
                                     method="POST" if data is not None
                                     else "GET")
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read() or b"null")

    def fault(self, kind, **kw):
        kw["kind"] = kind
        return self._proxy_call("/__fault__", kw)

    def proxy_counts(self):
        return self._proxy_call("/__fault__/counts")

    def proxy_log(self):
        return self._proxy_call("/__fault__/log")

    def proxy_reset(self):
        return self._proxy_call("/__fault__/reset", {})

    # -- for the CLI -----------------------------------------------------
    def describe(self):
        return {"endpoint": self.endpoint,
                "proxy_endpoint": self.proxy_endpoint,
                "url": self.url, "region": self.region,
                "ca_file": self.ca_file,
                "account": ACCOUNT, "keys": self.keys,
                "admin_keys": self.admin_keys,
                "session_keys": self.session_keys(),
                "ids": self.ids, "pid": os.getpid()}


def _shell_lines(d):
    def q(v):
        return "'" + str(v).replace("'", "'\\''") + "'"
    out = []
    flat = {
        "ENDPOINT": d["endpoint"], "PROXY_ENDPOINT": d["proxy_endpoint"] or "",
        "URL": d["url"], "REGION": d["region"],
        "CA_FILE": d["ca_file"] or "",
        "ACCESS_KEY_ID": d["keys"]["access_key_id"],
        "SECRET_ACCESS_KEY": d["keys"]["secret_access_key"],
        "ADMIN_ACCESS_KEY_ID": d["admin_keys"]["access_key_id"],
        "ADMIN_SECRET_ACCESS_KEY": d["admin_keys"]["secret_access_key"],
        "SESSION_ACCESS_KEY_ID": d["session_keys"]["access_key_id"],
        "SESSION_SECRET_ACCESS_KEY": d["session_keys"]["secret_access_key"],
        "SESSION_TOKEN": d["session_keys"]["session_token"],
        "PID": d["pid"],
    }
    for k, v in d["ids"].items():
        if isinstance(v, list):
            v = " ".join(v)
        flat[k.upper()] = "" if v is None else v
    for k, v in flat.items():
        out.append(f"export EC2ENV_{k}={q(v)}")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="ec2env.py",
                                 description="local EC2 endpoint for tests")
    sub = ap.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("up", help="start, print the set-up, wait for SIGTERM")
    up.add_argument("--tables", type=int, default=2)
    up.add_argument("--destinations", default="10.0.0.0/16",
                    help="comma-separated IPv4 CIDRs")
    up.add_argument("--no-ipv6", action="store_true")
    up.add_argument("--no-foreign", action="store_true")
    up.add_argument("--proxy", action="store_true")
    up.add_argument("--plain", action="store_true")
    up.add_argument("--tls", action="store_true")
    up.add_argument("--region", default="ap-southeast-1")
    up.add_argument("--log-dir")
    fmt = up.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", default=True)
    fmt.add_argument("--shell", action="store_true")
    args = ap.parse_args(argv)

    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    env = Ec2Env(tables=args.tables,
                 destinations=[d for d in args.destinations.split(",") if d],
                 ipv6=not args.no_ipv6, foreign=not args.no_foreign,
                 proxy=args.proxy, plain=args.plain, region=args.region,
                 log_dir=args.log_dir, tls=args.tls)
    try:
        env.start()
        d = env.describe()
        print(_shell_lines(d) if args.shell else json.dumps(d), flush=True)
        print("READY", flush=True)
        while True:
            if env.moto.poll() is not None:
                print("ec2env: moto exited", file=sys.stderr)
                return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        env.stop()


if __name__ == "__main__":
    sys.exit(main())
