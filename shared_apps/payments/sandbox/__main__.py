"""python -m shared_apps.payments.sandbox --port 8555 --state-dir .var/sandbox"""

import argparse
import logging

from .app import Sandbox
from .web import make_server


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Local WeChat Pay v3 / Alipay sandbox gateway")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8555)
    parser.add_argument("--state-dir", default=".var/sandbox", help="where the generated keys live")
    parser.add_argument("--public-url", default="", help="base URL browsers use to reach the sandbox, if not host:port")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    sandbox = Sandbox(args.state_dir, public_url=args.public_url)
    server = make_server(args.host, args.port, sandbox.wsgi_app())
    print(f"Payment sandbox on http://{args.host}:{server.server_port}  (keys in {sandbox.credentials['state_dir']})",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.deliverer.stop()
        server.server_close()


if __name__ == "__main__":
    main()
