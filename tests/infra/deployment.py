"""One apply of infra/ against moto, from a scratch copy, destroyed at the end unless a test already did."""

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.fixtures.aws import MotoServer
from tests.infra.conftest import TIMINGS
from tests.infra.tofu import Tofu, base_env, copy_configuration, write_cli_config


@dataclass
class Deployment:
    tofu: Tofu
    var_args: tuple[str, ...]
    outputs: dict[str, Any]
    moto: MotoServer
    destroyed: bool = False

    def output(self, name: str) -> Any:
        return self.outputs[name]["value"]

    @property
    def rest_api_id(self) -> str:
        return str(self.output("rest_api_id"))

    def validate_order_resource(self) -> dict[str, Any]:
        resources = self.moto.client("apigateway").get_resources(restApiId=self.rest_api_id)["items"]
        return next(item for item in resources if item["path"] == "/validate-order")

    def destroy(self) -> None:
        self.tofu.destroy(*self.var_args)
        self.destroyed = True


@contextlib.contextmanager
def deployed(
    binary: str, moto: MotoServer, scratch: Path, var_args: tuple[str, ...], label: str
) -> Iterator[Deployment]:
    """init + apply in a scratch copy of infra/; timings are reported under `label`."""
    tofu = Tofu(binary, copy_configuration(scratch / "infra"), {**base_env(write_cli_config(scratch)), **moto.env()})
    try:
        tofu.init()
        tofu.apply(*var_args)
        deployment = Deployment(tofu, var_args, tofu.outputs(), moto)
        try:
            yield deployment
        finally:
            if not deployment.destroyed:
                deployment.destroy()
    finally:
        for step, seconds in tofu.timings.items():
            if step in {"init", "apply", "plan", "destroy"}:
                TIMINGS[f"{label}: {Path(binary).name} {step}"] = seconds
        shutil.rmtree(scratch, ignore_errors=True)
