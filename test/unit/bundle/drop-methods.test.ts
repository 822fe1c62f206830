// The build drops class methods nothing names (tools/bundle/drop-methods.ts).
import assert from "node:assert/strict";
import { dropUnusedMethods } from "../../../tools/bundle/drop-methods";

describe("bundle: unused class methods are dropped", function () {
  it("drops a method no code names and keeps the called ones, the constructor and getters", function () {
    const r = dropUnusedMethods("class A{constructor(){this.x=1}used(){return 1}unused(a,b){return a+b}get g(){return 2}}new A().used();");
    assert.deepEqual(r.dropped, ["unused"]);
    assert.equal(r.code, "class A{constructor(){this.x=1}used(){return 1}get g(){return 2}}new A().used();");
  });

  it("counts a name used as a function-valued key, an identifier, a string literal or a property read", function () {
    const code = "class A{a(){}b(){}c(){}d(){}e(){}}var o={a:()=>1,e:16};var b=2;var s='c';x.d;";
    assert.deepEqual(dropUnusedMethods(code).dropped, ["e"], "a data key {e: 16} calls nothing");
  });

  it("repeats until stable: a method only a dropped method called goes too", function () {
    const r = dropUnusedMethods("class A{outer(){return this.inner()}inner(){return 1}}");
    assert.deepEqual(r.dropped, ["inner", "outer"]);
    assert.equal(r.code, "class A{}");
  });

  it("keeps a method another Storage file calls (caller's uses count; its own method definitions do not)", function () {
    const code = "class S{kb(){return 0}start(){}q(){}}module.exports={s:()=>new S()};";
    const r = dropUnusedMethods(code, "class M{q(){}}var m=load();m.s().kb(1,2);m.s().start();");
    assert.deepEqual(r.dropped, ["q"]);
    assert.deepEqual(dropUnusedMethods(code).dropped, ["kb", "q", "start"]);
  });
});
