#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""moto's server, with five EC2 behaviours of real AWS that moto 5 lacks.

Usage: INITIAL_NO_AUTH_ACTION_COUNT=N python3 moto_ec2.py [--plain] [--port P]
           [--tls-cert CERT --tls-key KEY]

Runs moto's own WSGI application (the one `moto_server` runs) on 127.0.0.1,
on a free port unless --port is given, and prints "READY port=N" once it
accepts connections (HTTPS with --tls-cert/--tls-key).  INITIAL_NO_AUTH_ACTION_COUNT keeps its moto meaning:
after that many requests every signature is checked and IAM policies are
enforced.  SIGTERM/SIGINT end it.

Unless --plain, it patches moto so that the failover tests see what AWS does:

1. Resource-level permissions for route changes.  moto authorises every EC2
   action against Resource "*", so a policy naming route tables
   (arn:aws:ec2:R:A:route-table/rtb-...) would deny everything.  AWS
   authorises ReplaceRoute/CreateRoute/DeleteRoute against the route table's
   ARN; we give moto that ARN.
2. ReplaceRoute/CreateRoute with InstanceId of an instance that has several
   network interfaces fail as on AWS: 400 InvalidInstanceID "There are
   multiple interfaces attached to instance 'i-...'. Please specify an
   interface ID for the operation instead."
3. DryRun=true on ReplaceRoute (moto ignores it) answers, after the
   permission check, 412 DryRunOperation as AWS does.
4. A request IAM denies answers 403 UnauthorizedOperation in EC2's error
   shape (moto: AccessDenied in IAM's); an unsigned request, or a session
   key without its token, 401 AuthFailure (moto: 500).
5. Routes report both instanceId and networkInterfaceId for an instance or
   attached-ENI target, and state "blackhole" when the target instance is
   not running or the interface is gone or detached, like AWS.
6. STS AssumeRoleWithWebIdentity is unsigned, as on AWS (moto: 401 from
   patch 4): the token must be one of MOTO_WEB_IDENTITY_TOKENS (comma-
   separated; AWS checks it against the OIDC provider), else 400
   InvalidIdentityToken; the role must exist and trust
   sts:AssumeRoleWithWebIdentity, else 403 AccessDenied.
7. A trust policy with a condition on sts:ExternalId refuses an AssumeRole
   without ExternalId (AWS: the condition key is absent, StringEquals
   fails; moto lets it through).
"""
import argparse
import os
import signal
import sys
import uuid


def _ec2_error(status, code, message):
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{code}</Code>"
            f"<Message>{message}</Message></Error></Errors>"
            f"<RequestID>{uuid.uuid4()}</RequestID></Response>")
    return body, {"status": status, "Content-Type": "text/xml;charset=UTF-8"}


def _sts_error(status, code, message):
    body = ('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            f"<Error><Type>Sender</Type><Code>{code}</Code>"
            f"<Message>{message}</Message></Error>"
            f"<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>")
    return body


def _patch_sts(HttpError):
    import json
    from moto.iam.access_control import IAMRequestBase
    from moto.iam.models import iam_backends
    from moto.sts.responses import TokenResponse

    class StsError(HttpError):
        pass

    def raise_sts(status, code, message):
        err = StsError(description=_sts_error(status, code, message))
        err.code = status
        raise err

    orig_auth = TokenResponse._authenticate_and_authorize_normal_action

    def authorize(self, resource="*"):
        if self._get_action() != "AssumeRoleWithWebIdentity":
            return orig_auth(self, resource)
        tokens = [t for t in os.environ.get("MOTO_WEB_IDENTITY_TOKENS",
                                            "").split(",") if t]
        if self._get_param("WebIdentityToken") not in tokens:
            raise_sts(400, "InvalidIdentityToken",
                      "The web identity token is not valid")
        arn = self._get_param("RoleArn") or ""
        try:
            role = iam_backends[self.current_account]["aws"].get_role_by_arn(arn)
        except Exception:
            role = None
        doc = json.loads(role.assume_role_policy_document) if role else {}
        trusted = any(
            st.get("Effect") == "Allow" and "sts:AssumeRoleWithWebIdentity" in
            (st.get("Action") if isinstance(st.get("Action"), list)
             else [st.get("Action")])
            for st in doc.get("Statement", []))
        if not trusted:
            raise_sts(403, "AccessDenied",
                      f"Not authorized to perform "
                      f"sts:AssumeRoleWithWebIdentity on {arn}")

    TokenResponse._authenticate_and_authorize_normal_action = authorize

    orig_trust = IAMRequestBase._check_role_trust_relationship

    def trust(self, role_arn):
        if not orig_trust(self, role_arn):
            return False
        doc = self.backend.get_role_by_arn(role_arn).assume_role_policy_document
        doc = json.loads(doc) if isinstance(doc, str) else doc
        wants_ext = any("sts:ExternalId" in json.dumps(st.get("Condition", {}))
                        for st in doc.get("Statement", [])
                        if st.get("Effect") == "Allow")
        return not wants_ext or "ExternalId" in self._data

    IAMRequestBase._check_role_trust_relationship = trust


def _patch_moto():
    from werkzeug.exceptions import HTTPException
    from moto.iam.access_control import IAMRequest, IAMRequestBase
    from moto.ec2.responses import EC2Response
    from moto.ec2.responses.route_tables import RouteTables
    from moto.ec2.models.route_tables import Route

    route_actions = {"ReplaceRoute", "CreateRoute", "DeleteRoute"}

    def determine_resource(self):
        if self._get_action() in route_actions:
            rtb = self._get_param("RouteTableId") or ""
            return (f"arn:aws:ec2:{self.region}:{self.current_account}"
                    f":route-table/{rtb}")
        return "*"

    EC2Response._determine_resource = determine_resource

    class Ec2HttpError(HTTPException):
        """An EC2 error body as is, wherever moto's dispatch raises it."""

        def get_body(self, environ=None, scope=None):
            return self.description

        def get_headers(self, environ=None, scope=None):
            return [("Content-Type", "text/xml;charset=UTF-8")]

    class UnauthorizedOperation(Ec2HttpError):
        code = 403

    orig_denied = IAMRequest._raise_access_denied

    def raise_access_denied(self):
        if self._service != "ec2":
            return orig_denied(self)
        # EC2 answers 403 UnauthorizedOperation in its own error shape,
        # where moto would say AccessDenied in the IAM/Query shape.
        body, _ = _ec2_error(
            403, "UnauthorizedOperation",
            f"You are not authorized to perform this operation. User: "
            f"{self._access_key.arn} is not authorized to perform: "
            f"{self._action} because no identity-based policy allows the "
            f"{self._action} action")
        raise UnauthorizedOperation(description=body)

    IAMRequest._raise_access_denied = raise_access_denied

    class AuthFailure(Ec2HttpError):
        code = 401

    orig_init = IAMRequestBase.__init__

    def iam_request_init(self, *args, **kwargs):
        # moto fails with a KeyError (HTTP 500, which clients retry) on an
        # unsigned request (which it hands to S3 for want of a credential
        # scope) or an ASIA key without its token; AWS refuses.
        try:
            orig_init(self, *args, **kwargs)
        except (KeyError, IndexError, AttributeError, TypeError):
            body, _ = _ec2_error(401, "AuthFailure",
                                 "AWS was not able to validate the provided "
                                 "access credentials")
            raise AuthFailure(description=body) from None

    IAMRequestBase.__init__ = iam_request_init
    _patch_sts(Ec2HttpError)

    def multi_eni_error(self):
        iid = self._get_param("InstanceId")
        if not iid:
            return None
        try:
            inst = self.ec2_backend.get_instance(iid)
        except Exception:  # moto raises its own NotFound later
            return None
        if len(inst.nics) > 1:
            return _ec2_error(
                400, "InvalidInstanceID",
                f"There are multiple interfaces attached to instance "
                f"'{iid}'. Please specify an interface ID for the operation "
                f"instead.")
        return None

    orig_replace = RouteTables.replace_route
    orig_create = RouteTables.create_route

    def replace_route(self):
        err = multi_eni_error(self)
        if err:
            return err
        if str(self._get_param("DryRun", "")).lower() == "true":
            # Validate the table and route exist first, as AWS does.
            self.ec2_backend.get_route_table(self._get_param("RouteTableId"))
            return _ec2_error(412, "DryRunOperation",
                              "Request would have succeeded, but DryRun "
                              "flag is set.")
        return orig_replace(self)

    def create_route(self):
        return multi_eni_error(self) or orig_create(self)

    RouteTables.replace_route = replace_route
    RouteTables.create_route = create_route

    def instance_id(self):
        if self.instance:
            return self.instance.id
        if self.interface is not None and getattr(self.interface, "instance",
                                                  None):
            return self.interface.instance.id
        return None

    def network_interface_id(self):
        if self.interface:
            return self.interface.id
        if self.instance and 0 in self.instance.nics:
            return self.instance.nics[0].id
        return None

    def state(self):
        inst = self.instance
        if inst is None and self.interface is not None:
            backend = self.route_table.ec2_backend
            if self.interface.id not in backend.enis:
                return "blackhole"
            inst = getattr(self.interface, "instance", None)
            if inst is None:
                return "blackhole"
        if inst is not None and inst.state not in ("running", "pending"):
            return "blackhole"
        return "active"

    Route.instance_id = property(instance_id)
    Route.network_interface_id = property(network_interface_id)
    Route.state = property(state)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plain", action="store_true",
                    help="moto as shipped, without the AWS behaviours")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()

    from werkzeug.serving import make_server
    from moto.moto_server.werkzeug_app import (DomainDispatcherApplication,
                                               create_backend_app)
    if not args.plain:
        _patch_moto()
    app = DomainDispatcherApplication(create_backend_app)
    ssl_context = None
    if args.tls_cert:
        import ssl
        ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_context.load_cert_chain(args.tls_cert, args.tls_key)
    srv = make_server("127.0.0.1", args.port, app, threaded=True,
                      ssl_context=ssl_context)

    def stop(signum, frame):
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"READY port={srv.server_port}", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
