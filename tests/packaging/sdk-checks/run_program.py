"""Runs a Pulumi Python program under Pulumi's mocks (no engine, no plugin)
and prints, as JSON, each resource it registers: its type token, name and
inputs as the engine would receive them.

    python run_program.py <project> <program.py> '<config as JSON>'
"""
import json
import runpy
import sys

import pulumi

registered = []


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        registered.append({"type": args.typ, "name": args.name, "inputs": args.inputs})
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args):
        return {}


project, program, config = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
pulumi.runtime.set_mocks(Mocks(), project=project, stack="test", preview=False)
pulumi.runtime.set_all_config({f"{project}:{k}": v for k, v in config.items()})


@pulumi.runtime.test
def run():
    runpy.run_path(program, run_name="__main__")


run()
print(json.dumps(registered))
